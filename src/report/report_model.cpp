// build_report_model: reads the database once and computes every number the report shows.
#include "report/report_model.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <tuple>

#include "core/errors.hpp"
#include "ops/registry.hpp"
#include "report/attempt_selection.hpp"
#include "report/result_groups.hpp"

namespace mhc::report {

int64_t OutcomeCounts::total() const {
  int64_t sum = 0;
  for (const auto n : by_outcome) sum += n;
  return sum;
}

namespace {

using store::AttemptRecord;
using store::Stored;

std::string lower(std::string_view text) {
  std::string out(text);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool device_matches(const store::DeviceRecord& d, const std::string& wanted) {
  if (wanted.empty()) return true;
  return lower(d.name).find(lower(wanted)) != std::string::npos ||
         lower(d.uuid).rfind(lower(wanted), 0) == 0;
}

std::string registry_description(std::string_view name) {
  for (const auto& p : pipeline_registry())
    if (p.name == name) return p.description;
  return "";
}

// Everything read from the file, with the lookups the computations need.
struct Tables {
  std::map<store::DeviceId, int> device_index;
  std::map<store::RunId, int> run_index;
  std::map<store::RunId, store::DeviceId> run_device;
  std::map<store::VariantId, std::string> params;
  std::map<store::ProblemId, Problem> problems;
  std::vector<Stored<AttemptRecord>> attempts;
};

Tables read_tables(store::TuningDatabase& db, const ReportOptions& options, ReportModel& model) {
  Tables t;
  const auto devices = db.devices();
  for (const auto& [id, d] : devices) {
    if (!device_matches(d, options.gpu)) continue;
    t.device_index[id] = static_cast<int>(model.devices.size());
    model.devices.push_back(d);
  }
  if (!options.gpu.empty() && model.devices.empty() && !devices.empty()) {
    std::string known;
    for (const auto& [id, d] : devices)
      known += fmt::format("{}'{}' ({})", known.empty() ? "" : ", ", d.name, d.uuid);
    throw UsageError(fmt::format("--gpu '{}' matches no device in '{}'; it holds {}", options.gpu,
                                 options.database_label, known));
  }
  auto runs = db.runs();
  std::stable_sort(runs.begin(), runs.end(), [](const auto& a, const auto& b) {
    return std::tie(a.record.started_at, a.id) < std::tie(b.record.started_at, b.id);
  });
  const auto per_run = db.attempts_per_run();
  for (const auto& [id, r] : runs) {
    const auto device = t.device_index.find(r.device_id);
    if (device == t.device_index.end()) continue;
    t.run_index[id] = static_cast<int>(model.runs.size());
    t.run_device[id] = r.device_id;
    const auto count = per_run.find(id);
    model.runs.push_back({r, device->second, count == per_run.end() ? 0 : count->second});
    model.attempts_stored += model.runs.back().attempts;
  }
  for (const auto& [id, v] : db.variants()) t.params[id] = v.params;
  for (const auto& [id, p] : db.problems()) t.problems[id] = p;
  t.attempts = db.attempts();
  return t;
}

std::vector<OpChoice> choices_of(const AttemptRecord& a, const Tables& t) {
  std::vector<OpChoice> members;
  for (const auto& m : a.members) members.push_back({m.op, t.params.at(m.variant_id)});
  return members;
}

bool is_timed(const AttemptRecord& a) {
  return a.outcome == store::AttemptOutcome::ok && a.timing.has_value();
}

// The fastest verified, timed attempt among `candidates`; ties go to the earlier attempt.
const Stored<AttemptRecord>* fastest(const std::vector<const Stored<AttemptRecord>*>& candidates) {
  const Stored<AttemptRecord>* best = nullptr;
  for (const auto* a : candidates)
    if (is_timed(a->record) &&
        (best == nullptr || a->record.timing->median_us < best->record.timing->median_us))
      best = a;
  return best;
}

TimedAttempt cite(const Stored<AttemptRecord>& a, const Tables& t) {
  return {a.record.uuid,          t.run_index.at(a.record.run_id),
          a.record.subject_name,  a.record.role,
          *a.record.timing,       a.record.bytes_moved,
          choices_of(a.record, t)};
}

Quantity time_of(const std::optional<TimedAttempt>& a, Gap gap) {
  return a ? Quantity::of(a->timing.median_us) : Quantity::missing(gap);
}

// The layer numbers of one (device, L2 mode, problem) from its kept pipeline attempts.
ProblemResult compute_result(ProblemResult r,
                             const std::vector<const Stored<AttemptRecord>*>& pipelines,
                             const Tables& t, const ReportModel& model) {
  std::vector<const Stored<AttemptRecord>*> baselines, defaults;
  for (const auto* a : pipelines) {
    if (a->record.role == store::AttemptRole::baseline) baselines.push_back(a);
    if (a->record.role == store::AttemptRole::default_variant) defaults.push_back(a);
  }
  if (const auto* a = fastest(pipelines)) r.tuned = cite(*a, t);
  if (const auto* a = fastest(baselines)) r.baseline = cite(*a, t);
  if (const auto* a = fastest(defaults)) r.default_pipeline = cite(*a, t);

  const bool any = !pipelines.empty();
  r.tuned_us = time_of(r.tuned, any ? Gap::no_tuned : Gap::no_pipeline);
  r.baseline_us = time_of(r.baseline, !any                ? Gap::no_pipeline
                                      : baselines.empty() ? Gap::no_baseline
                                                          : Gap::baseline_failed);
  r.default_us = time_of(r.default_pipeline, any ? Gap::no_default : Gap::no_pipeline);
  r.speedup = divide(r.baseline_us, r.tuned_us, Gap::no_tuned);
  r.tuning_gain = divide(r.default_us, r.tuned_us, Gap::no_tuned);
  if (r.tuned && r.default_pipeline)
    r.tuned_vs_default = classify_change(r.tuned->timing.median_us, r.tuned->timing.relative_noise,
                                         r.default_pipeline->timing.median_us,
                                         r.default_pipeline->timing.relative_noise);

  if (!r.tuned) {
    r.floor_bytes = r.achieved_gbps = r.share_of_copy = r.share_of_peak = r.tuned_us;
    return r;
  }
  r.floor_bytes = r.tuned->bytes_moved ? Quantity::of(static_cast<double>(*r.tuned->bytes_moved))
                                       : Quantity::missing(Gap::no_bytes);
  // bytes / us = MB/s; / 1e3 = GB/s (decimal units, as bandwidths are quoted).
  r.achieved_gbps =
      divide(r.floor_bytes, Quantity::of(r.tuned->timing.median_us * 1e3), Gap::no_tuned);
  const auto& copy = model.runs.at(r.tuned->run).run.copy_bandwidth_gbps;
  r.share_of_copy = divide(r.achieved_gbps,
                           copy ? Quantity::of(*copy) : Quantity::missing(Gap::no_copy_bandwidth),
                           Gap::no_copy_bandwidth);
  const double peak = model.devices.at(r.device).peak_bandwidth_gbps;
  r.share_of_peak = divide(
      r.achieved_gbps, peak > 0 ? Quantity::of(peak) : Quantity::missing(Gap::no_peak_bandwidth),
      Gap::no_peak_bandwidth);
  return r;
}

TimingSummary summarise_timing(const std::vector<const Stored<AttemptRecord>*>& kept) {
  TimingSummary s;
  std::vector<double> noises;
  std::set<store::Timer> timers;
  for (const auto* a : kept) {
    if (!is_timed(a->record)) continue;
    const auto& timing = *a->record.timing;
    s.min_repetitions =
        noises.empty() ? timing.repetitions : std::min(s.min_repetitions, timing.repetitions);
    s.max_repetitions = std::max(s.max_repetitions, timing.repetitions);
    noises.push_back(timing.relative_noise);
    s.noise_target_missed += timing.noise_target_met ? 0 : 1;
    timers.insert(timing.timer);
    if (const auto clock = a->record.sm_clock_mhz) {
      s.min_sm_clock_mhz = std::min(s.min_sm_clock_mhz.value_or(*clock), *clock);
      s.max_sm_clock_mhz = std::max(s.max_sm_clock_mhz.value_or(*clock), *clock);
    }
  }
  s.timed_attempts = static_cast<int64_t>(noises.size());
  if (!noises.empty()) {
    std::sort(noises.begin(), noises.end());
    const size_t mid = noises.size() / 2;
    s.median_noise = noises.size() % 2 ? noises[mid] : (noises[mid - 1] + noises[mid]) / 2;
    s.max_noise = noises.back();
  }
  s.timers.assign(timers.begin(), timers.end());
  return s;
}

std::vector<OutcomeCounts> count_outcomes(const std::vector<const Stored<AttemptRecord>*>& kept) {
  std::map<std::pair<store::SubjectKind, std::string>, OutcomeCounts> counts;
  for (const auto* a : kept) {
    auto& c = counts[{a->record.kind, a->record.subject_name}];
    c.kind = a->record.kind;
    c.name = a->record.subject_name;
    ++c.by_outcome[static_cast<size_t>(a->record.outcome)];
  }
  std::vector<OutcomeCounts> out;
  for (auto& [key, c] : counts) out.push_back(std::move(c));
  return out;  // ops before pipelines (enum order), each by name
}

}  // namespace

ReportModel build_report_model(store::TuningDatabase& db, const ReportOptions& options) {
  ReportModel model;
  model.database = options.database_label;
  const Tables t = read_tables(db, options, model);
  const auto kept = latest_attempts(t.attempts, t.run_device, t.params);
  model.attempts_used = static_cast<int64_t>(kept.size());
  model.timing = summarise_timing(kept);
  model.outcomes = count_outcomes(kept);

  // One result per (device, L2 mode, problem) that has any kept attempt.
  using ResultKey = std::tuple<int, store::CacheMode, store::ProblemId>;
  std::map<ResultKey, std::vector<const Stored<AttemptRecord>*>> pipelines;
  std::set<std::string> pipeline_names;
  for (const auto* a : kept) {
    auto& list = pipelines[{t.device_index.at(t.run_device.at(a->record.run_id)),
                            a->record.cache_mode, a->record.problem_id}];
    if (a->record.kind == store::SubjectKind::pipeline) {
      list.push_back(a);
      pipeline_names.insert(a->record.subject_name);
    }
  }
  for (const auto& [key, list] : pipelines) {
    ProblemResult r;
    r.device = std::get<0>(key);
    r.cache_mode = std::get<1>(key);
    r.problem = t.problems.at(std::get<2>(key));
    model.problems.push_back(compute_result(std::move(r), list, t, model));
  }
  model.groups = group_results(model.problems);

  const auto describe =
      options.describe_pipeline ? options.describe_pipeline : registry_description;
  for (const auto& name : pipeline_names)
    if (auto text = describe(name); !text.empty())
      model.pipelines.push_back({name, std::move(text)});
  return model;
}

}  // namespace mhc::report
