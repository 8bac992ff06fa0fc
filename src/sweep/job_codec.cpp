// The job and result wire format: "key value" lines. Repeated keys (launch, sample) keep order.
#include <fmt/format.h>

#include <charconv>
#include <cstdlib>
#include <map>
#include <stdexcept>

#include "sweep/run_job.hpp"

namespace mhc {

std::string_view to_string(JobOutcome outcome) {
  switch (outcome) {
    case JobOutcome::ok:
      return "ok";
    case JobOutcome::wrong:
      return "wrong";
    case JobOutcome::fault:
      return "fault";
    case JobOutcome::timeout:
      return "timeout";
  }
  return "?";
}

namespace {

// Strings travel on one line: backslash, newline and carriage return are escaped.
std::string escape(std::string_view text) {
  std::string out;
  for (const char c : text) {
    if (c == '\\')
      out += "\\\\";
    else if (c == '\n')
      out += "\\n";
    else if (c == '\r')
      out += "\\r";
    else
      out += c;
  }
  return out;
}

std::string unescape(std::string_view text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '\\' || i + 1 == text.size()) {
      out += text[i];
      continue;
    }
    const char next = text[++i];
    out += next == 'n' ? '\n' : next == 'r' ? '\r' : next;
  }
  return out;
}

// Lines of "key value", with the value possibly empty.
class Fields {
 public:
  explicit Fields(std::string_view text) {
    size_t start = 0;
    while (start < text.size()) {
      size_t end = text.find('\n', start);
      if (end == std::string_view::npos) end = text.size();
      const std::string_view line = text.substr(start, end - start);
      const size_t space = line.find(' ');
      entries_.emplace_back(
          std::string(line.substr(0, space)),
          space == std::string_view::npos ? "" : std::string(line.substr(space + 1)));
      start = end + 1;
    }
  }
  bool has(const std::string& key) const {
    for (const auto& e : entries_)
      if (e.first == key) return true;
    return false;
  }
  const std::string& get(const std::string& key) const {
    for (const auto& e : entries_)
      if (e.first == key) return e.second;
    throw std::runtime_error("job message lacks '" + key + "'");
  }
  std::vector<std::string> all(const std::string& key) const {
    std::vector<std::string> values;
    for (const auto& e : entries_)
      if (e.first == key) values.push_back(e.second);
    return values;
  }
  int64_t integer(const std::string& key) const { return std::stoll(get(key)); }
  double real(const std::string& key) const { return std::strtod(get(key).c_str(), nullptr); }

 private:
  std::vector<std::pair<std::string, std::string>> entries_;
};

std::string tensor_list(const std::vector<Tensor>& tensors) {
  std::string text;
  for (const auto t : tensors) text += fmt::format("{}{}", text.empty() ? "" : ",", tensor_name(t));
  return text;
}

std::vector<Tensor> parse_tensor_list(const std::string& text) {
  std::vector<Tensor> tensors;
  size_t start = 0;
  while (start < text.size()) {
    const size_t end = std::min(text.find(',', start), text.size());
    tensors.push_back(parse_tensor(text.substr(start, end - start)));
    start = end + 1;
  }
  return tensors;
}

// Doubles round-trip exactly with 17 significant digits.
std::string real(double value) {
  return fmt::format("{:.17g}", value);
}

CacheMode parse_cache(const std::string& text) {
  if (text == "cold") return CacheMode::cold;
  if (text == "hot") return CacheMode::hot;
  throw std::runtime_error("bad cache mode " + text);
}

TimerKind parse_timer_kind(const std::string& text) {
  if (text == "cupti") return TimerKind::cupti;
  if (text == "events") return TimerKind::events;
  throw std::runtime_error("bad timer " + text);
}

StopReason parse_stop_reason(const std::string& text) {
  for (auto r : {StopReason::running, StopReason::noise_target, StopReason::max_samples,
                 StopReason::max_time})
    if (to_string(r) == text) return r;
  throw std::runtime_error("bad stop reason " + text);
}

MathPrecision parse_math(const std::string& text) {
  if (text == "f32") return MathPrecision::f32;
  if (text == "tf32") return MathPrecision::tf32;
  if (text == "bf16") return MathPrecision::bf16;
  throw std::runtime_error("bad math precision " + text);
}

std::string_view math_name(MathPrecision math) {
  return math == MathPrecision::f32 ? "f32" : math == MathPrecision::tf32 ? "tf32" : "bf16";
}

std::string encode_launch(const KernelLaunchSpec& l) {
  const auto& g = l.geometry;
  return fmt::format("{} {} {} {} {} {} {} {} {} {} {} {}", l.cubin_key, l.kernel, g.grid[0],
                     g.grid[1], g.grid[2], g.block[0], g.block[1], g.block[2], g.shared_bytes,
                     l.step, l.zero_before.empty() ? "-" : tensor_list(l.zero_before),
                     escape(l.label));
}

KernelLaunchSpec decode_launch(const std::string& text) {
  KernelLaunchSpec l;
  std::vector<std::string> parts;
  size_t start = 0;
  for (int i = 0; i < 11; ++i) {
    const size_t space = text.find(' ', start);
    if (space == std::string::npos) throw std::runtime_error("short launch line: " + text);
    parts.push_back(text.substr(start, space - start));
    start = space + 1;
  }
  l.cubin_key = parts[0];
  l.kernel = parts[1];
  for (int i = 0; i < 3; ++i) {
    l.geometry.grid[i] = static_cast<uint32_t>(std::stoul(parts[2 + i]));
    l.geometry.block[i] = static_cast<uint32_t>(std::stoul(parts[5 + i]));
  }
  l.geometry.shared_bytes = static_cast<uint32_t>(std::stoul(parts[8]));
  l.step = std::stoi(parts[9]);
  if (parts[10] != "-") l.zero_before = parse_tensor_list(parts[10]);
  l.label = unescape(text.substr(start));
  return l;
}

}  // namespace

std::string encode_job(const RunJob& job) {
  const Problem& p = job.problem;
  const auto& c = p.constants;
  const auto& s = job.measure_options.stopping;
  std::string out = fmt::format(
      "problem {}\nsinkhorn_iters {}\nrms_eps {}\nsinkhorn_eps {}\npost_mult {}\npre_eps {}\n"
      "subject {}\ninputs {}\noutputs {}\nmath {}\nworkspace {}\nseed {}\nmeasure {}\n"
      "cache {}\nwarmup_seconds {}\nmin_samples {}\nmax_noise {}\nmin_gpu_seconds {}\n"
      "max_samples {}\nmax_wall_seconds {}\nprobe_sm_clock {}\n",
      to_string(p), c.sinkhorn_iters, real(c.rms_eps), real(c.sinkhorn_eps), real(c.post_mult),
      real(c.pre_eps), escape(job.subject), tensor_list(job.inputs), tensor_list(job.outputs),
      math_name(job.math), job.workspace_bytes, job.seed, job.measure ? 1 : 0,
      to_string(job.measure_options.cache), real(job.measure_options.warmup_seconds), s.min_samples,
      real(s.max_noise), real(s.min_gpu_seconds), s.max_samples, real(s.max_wall_seconds),
      job.measure_options.probe_sm_clock ? 1 : 0);
  for (const auto& l : job.launches) out += "launch " + encode_launch(l) + "\n";
  return out;
}

namespace {

Problem parse_problem_text(const std::string& text) {
  // "path/direction/dtype/convention/B,C,n" as to_string(Problem) writes it.
  std::vector<std::string> parts;
  size_t start = 0;
  for (size_t slash; (slash = text.find('/', start)) != std::string::npos; start = slash + 1)
    parts.push_back(text.substr(start, slash - start));
  parts.push_back(text.substr(start));
  if (parts.size() != 5) throw std::runtime_error("bad problem " + text);
  Problem p;
  p.path = parse_path(parts[0]);
  p.direction = parse_direction(parts[1]);
  p.residual_dtype = parse_dtype(parts[2]);
  p.convention = parse_convention(parts[3]);
  int64_t dims[3] = {0, 0, 0};
  size_t at = 0;
  for (int i = 0; i < 3; ++i) {
    const size_t comma = std::min(parts[4].find(',', at), parts[4].size());
    dims[i] = std::stoll(parts[4].substr(at, comma - at));
    at = comma + 1;
  }
  p.shape = {dims[0], dims[1], dims[2]};
  return p;
}

}  // namespace

RunJob decode_job(std::string_view text) {
  const Fields f(text);
  RunJob job;
  job.problem = parse_problem_text(f.get("problem"));
  auto& c = job.problem.constants;
  c.sinkhorn_iters = static_cast<int>(f.integer("sinkhorn_iters"));
  c.rms_eps = f.real("rms_eps");
  c.sinkhorn_eps = f.real("sinkhorn_eps");
  c.post_mult = f.real("post_mult");
  c.pre_eps = f.real("pre_eps");
  job.subject = unescape(f.get("subject"));
  job.inputs = parse_tensor_list(f.get("inputs"));
  job.outputs = parse_tensor_list(f.get("outputs"));
  job.math = parse_math(f.get("math"));
  job.workspace_bytes = f.integer("workspace");
  job.seed = std::stoull(f.get("seed"));
  job.measure = f.integer("measure") != 0;
  auto& m = job.measure_options;
  m.cache = parse_cache(f.get("cache"));
  m.warmup_seconds = f.real("warmup_seconds");
  m.stopping.min_samples = f.integer("min_samples");
  m.stopping.max_noise = f.real("max_noise");
  m.stopping.min_gpu_seconds = f.real("min_gpu_seconds");
  m.stopping.max_samples = f.integer("max_samples");
  m.stopping.max_wall_seconds = f.real("max_wall_seconds");
  m.probe_sm_clock = f.integer("probe_sm_clock") != 0;
  for (const auto& line : f.all("launch")) job.launches.push_back(decode_launch(line));
  return job;
}

std::string encode_result(const JobResult& r) {
  std::string out = fmt::format("outcome {}\nmessage {}\nrel_norm_error {}\nmax_abs_error {}\n",
                                to_string(r.outcome), escape(r.message), real(r.rel_norm_error),
                                real(r.max_abs_error));
  if (!r.timing) return out;
  const auto& t = *r.timing;
  out += fmt::format(
      "timer {}\ntimer_note {}\ncache {}\nspan_median_us {}\nspan_min_us {}\nspan_max_us {}\n"
      "span_mean_us {}\nspan_stddev_us {}\nspan_iqr_us {}\noperations {}\nrepetitions {}\n"
      "warmup_runs {}\ninvalid_samples {}\nrelative_noise {}\ntarget_met {}\nstop_reason {}\n"
      "stopping_rule {}\n",
      to_string(t.timer), escape(t.timer_note), to_string(t.cache), real(t.span_median_us),
      real(t.span_min_us), real(t.span_max_us), real(t.span_mean_us), real(t.span_stddev_us),
      real(t.span_iqr_us), t.operations_per_sample, t.repetitions, t.warmup_runs, t.invalid_samples,
      real(t.relative_noise), t.target_met ? 1 : 0, to_string(t.stop_reason),
      escape(t.stopping_rule));
  if (t.busy_median_us) out += fmt::format("busy_median_us {}\n", real(*t.busy_median_us));
  if (t.sm_clock_mhz) out += fmt::format("sm_clock_mhz {}\n", real(*t.sm_clock_mhz));
  for (const double s : t.span_samples_us) out += fmt::format("sample {}\n", real(s));
  return out;
}

JobResult decode_result(std::string_view text) {
  const Fields f(text);
  JobResult r;
  const std::string outcome = f.get("outcome");
  for (auto o : {JobOutcome::ok, JobOutcome::wrong, JobOutcome::fault, JobOutcome::timeout})
    if (to_string(o) == outcome) r.outcome = o;
  r.message = unescape(f.get("message"));
  r.rel_norm_error = f.real("rel_norm_error");
  r.max_abs_error = f.real("max_abs_error");
  if (!f.has("timer")) return r;
  MeasurementSummary t;
  t.timer = parse_timer_kind(f.get("timer"));
  t.timer_note = unescape(f.get("timer_note"));
  t.cache = parse_cache(f.get("cache"));
  t.span_median_us = f.real("span_median_us");
  t.span_min_us = f.real("span_min_us");
  t.span_max_us = f.real("span_max_us");
  t.span_mean_us = f.real("span_mean_us");
  t.span_stddev_us = f.real("span_stddev_us");
  t.span_iqr_us = f.real("span_iqr_us");
  t.operations_per_sample = f.integer("operations");
  t.repetitions = f.integer("repetitions");
  t.warmup_runs = f.integer("warmup_runs");
  t.invalid_samples = f.integer("invalid_samples");
  t.relative_noise = f.real("relative_noise");
  t.target_met = f.integer("target_met") != 0;
  t.stop_reason = parse_stop_reason(f.get("stop_reason"));
  t.stopping_rule = unescape(f.get("stopping_rule"));
  if (f.has("busy_median_us")) t.busy_median_us = f.real("busy_median_us");
  if (f.has("sm_clock_mhz")) t.sm_clock_mhz = f.real("sm_clock_mhz");
  for (const auto& s : f.all("sample"))
    t.span_samples_us.push_back(std::strtod(s.c_str(), nullptr));
  r.timing = t;
  return r;
}

}  // namespace mhc
