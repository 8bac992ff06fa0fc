#include "sweep/sweep.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <fstream>
#include <map>
#include <sstream>

#include "build_info.hpp"
#include "jit/compile_many.hpp"
#include "jit/sha256.hpp"
#include "ops/registry.hpp"
#include "ops/roofline.hpp"
#include "plan/variant_plan.hpp"
#include "store/identifiers.hpp"
#include "store/tuning_database.hpp"
#include "sweep/job_builder.hpp"

namespace mhc {

namespace {

using Clock = std::chrono::steady_clock;

struct CompiledVariant {
  store::VariantId id = 0;
  std::optional<BuiltKernel> kernel;
  std::string failure;  // why there is no kernel
};

std::string variant_key(const OpDefinition& op, const std::string& kernel_name) {
  return op.source + "|" + kernel_name;
}

store::DeviceRecord device_record(const DeviceInfo& d, const ToolchainVersions& v) {
  store::DeviceRecord r;
  r.uuid = d.uuid;
  r.name = d.name;
  r.compute_capability = fmt::format("{}.{}", d.major, d.minor);
  r.sm_count = d.sm_count;
  r.l2_bytes = d.l2_bytes;
  r.memory_bytes = d.memory_bytes;
  r.memory_bus_bits = d.memory_bus_bits;
  r.sm_clock_mhz = d.sm_clock_khz / 1000;
  r.memory_clock_mhz = d.memory_clock_khz / 1000;
  r.peak_bandwidth_gbps = d.peak_bandwidth_gbps();
  r.driver_version = format_cuda_version(v.driver);
  r.cuda_runtime_version = format_cuda_version(v.cuda_runtime);
  r.nvrtc_version = fmt::format("{}.{}", v.nvrtc_major, v.nvrtc_minor);
  r.cupti_version = v.cupti == 0 ? "unavailable" : std::to_string(v.cupti);
  return r;
}

std::string host_name() {
  char name[256] = {};
  return gethostname(name, sizeof(name) - 1) == 0 ? std::string(name) : "unknown";
}

store::AttemptOutcome to_store(JobOutcome outcome) {
  switch (outcome) {
    case JobOutcome::ok:
      return store::AttemptOutcome::ok;
    case JobOutcome::wrong:
      return store::AttemptOutcome::wrong;
    case JobOutcome::fault:
      return store::AttemptOutcome::fault;
    case JobOutcome::timeout:
      return store::AttemptOutcome::timeout;
  }
  return store::AttemptOutcome::fault;
}

store::Timing to_store(const MeasurementSummary& m) {
  store::Timing t;
  t.timer = m.timer == TimerKind::cupti ? store::Timer::cupti : store::Timer::events;
  t.median_us = m.span_median_us;
  t.min_us = m.span_min_us;
  t.max_us = m.span_max_us;
  t.mean_us = m.span_mean_us;
  t.stddev_us = m.span_stddev_us;
  t.kernels_sum_median_us = m.busy_median_us;
  t.repetitions = m.repetitions;
  t.relative_noise = m.relative_noise;
  t.noise_target_met = m.target_met;
  return t;
}

// The non-default points of the ops measured only inside pipelines, by op name.
std::map<std::string, std::vector<ParamPoint>> pipeline_search_points(const Problem& problem,
                                                                      const SearchOptions& search) {
  std::map<std::string, std::vector<ParamPoint>> points;
  for (const auto& c : plan_op_candidates({problem}, search))
    if (!c.alone && !c.is_default) points[c.op->name].push_back(c.point);
  return points;
}

// Pipeline attempts of one problem, at most (the tuned composition is skipped when it equals the
// default one): baseline 1; others default, tuned, and each searched point of their ops.
int64_t pipeline_attempts(const Problem& problem, const SearchOptions& search) {
  const auto searched = pipeline_search_points(problem, search);
  int64_t total = 0;
  for (const auto* pipeline : pipelines_for(problem)) {
    total += pipeline->baseline ? 1 : 2;
    if (pipeline->baseline) continue;
    for (const auto& name : pipeline->op_names())
      if (auto it = searched.find(name); it != searched.end())
        total += static_cast<int64_t>(it->second.size());
  }
  return total;
}

class SweepRun {
 public:
  SweepRun(const SweepConfig& config, MeasurementBackend& backend, const SweepObserver& observer,
           const std::atomic<bool>& stop)
      : config_(config),
        backend_(backend),
        observer_(observer),
        stop_(stop),
        db_(store::TuningDatabase::open_for_write(config.db_path)),
        cache_mode_(config.measure.cache == CacheMode::cold ? store::CacheMode::cold
                                                            : store::CacheMode::hot) {}

  SweepSummary run();

 private:
  void compile_variants();
  void measure_problem(const Problem& problem, size_t index);
  void measure_pipelines(const Problem& problem, store::ProblemId problem_id, uint64_t seed);
  void run_and_record(const RunJob& base, store::AttemptRecord attempt, uint64_t seed,
                      int64_t bytes_moved);
  void record_failure(store::AttemptRecord attempt, store::AttemptOutcome outcome,
                      const std::string& message);
  const CompiledVariant& variant(const OpDefinition& op, const Problem& problem,
                                 const ParamPoint& point);
  std::string source_hash(const std::string& source);
  bool should_stop();
  void progress(const std::string& current);

  const SweepConfig& config_;
  MeasurementBackend& backend_;
  const SweepObserver& observer_;
  const std::atomic<bool>& stop_;
  store::TuningDatabase db_;
  store::CacheMode cache_mode_;
  store::DeviceId device_id_ = 0;
  store::RunId run_id_ = 0;
  SweepSummary summary_;
  std::map<std::string, CompiledVariant> variants_;
  std::map<std::string, std::string> source_hashes_;
  SweepProgress progress_;
  Clock::time_point start_ = Clock::now();
  bool stopped_by_limit_ = false;
};

std::string SweepRun::source_hash(const std::string& source) {
  if (auto it = source_hashes_.find(source); it != source_hashes_.end()) return it->second;
  std::ifstream in(config_.compiler.kernels_dir / source, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  const std::string hash = sha256_hex(text.str());
  db_.upsert_source({hash, source, text.str()});
  return source_hashes_[source] = hash;
}

void SweepRun::compile_variants() {
  const auto planned = plan_variants(config_.problems, config_.search, config_.target.arch);
  std::vector<CompileRequest> requests;
  for (const auto& v : planned) requests.push_back(v.request);
  progress_ = {0, static_cast<int64_t>(requests.size()), 0, "", "compile"};
  const auto outcomes =
      compile_many(requests, config_.compiler, config_.compile_jobs, [&](const CompileProgress& p) {
        progress_.done = static_cast<int64_t>(p.finished);
        progress_.failures += p.outcome->ok() ? 0 : 1;
        progress(requests[p.index].label);
      });
  for (size_t i = 0; i < planned.size(); ++i) {
    const auto& v = planned[i];
    store::VariantRecord record{v.op->name, v.point.to_string(), source_hash(v.op->source),
                                config_.target.arch, v.kernel_name};
    CompiledVariant compiled;
    compiled.id = db_.upsert_variant(record);
    store::CompilationRecord c;
    c.variant_id = compiled.id;
    const auto& outcome = outcomes[i];
    if (outcome.ok()) {
      const auto& k = *outcome.kernel;
      compiled.kernel = BuiltKernel{k.key, k.lowered_names.at(0)};
      c.cache_key = k.key;
      c.log = k.log;
      c.compile_ms = k.compile_ms;
      if (k.usage.registers >= 0) c.registers = k.usage.registers;
      if (k.usage.spill_stores >= 0) c.spill_store_bytes = k.usage.spill_stores;
      if (k.usage.spill_loads >= 0) c.spill_load_bytes = k.usage.spill_loads;
      if (k.usage.stack_bytes >= 0) c.stack_bytes = k.usage.stack_bytes;
      if (k.usage.shared_bytes >= 0) c.shared_bytes = k.usage.shared_bytes;
      summary_.cache_hits += k.cache_hit ? 1 : 0;
    } else {
      compiled.failure = outcome.failure.message;
      c.cache_key = "failed:" + v.kernel_name;
      c.outcome = outcome.failure.kind == CompileFailureKind::kTimeout
                      ? store::CompileOutcome::timeout
                      : store::CompileOutcome::compile_error;
      c.log = outcome.failure.log.empty() ? outcome.failure.message : outcome.failure.log;
      ++summary_.compile_failures;
    }
    db_.upsert_compilation(c);
    variants_[variant_key(*v.op, v.kernel_name)] = std::move(compiled);
  }
  summary_.variants = static_cast<int64_t>(planned.size());
}

const CompiledVariant& SweepRun::variant(const OpDefinition& op, const Problem& problem,
                                         const ParamPoint& point) {
  return variants_.at(variant_key(op, op.kernel_name(problem, point)));
}

bool SweepRun::should_stop() {
  if (stop_.load()) {
    summary_.interrupted = true;
    return true;
  }
  if (config_.time_limit && Clock::now() - start_ > *config_.time_limit) {
    stopped_by_limit_ = true;
    return true;
  }
  return false;
}

void SweepRun::progress(const std::string& current) {
  progress_.current = current;
  if (observer_) observer_(progress_);
}

void SweepRun::record_failure(store::AttemptRecord attempt, store::AttemptOutcome outcome,
                              const std::string& message) {
  attempt.outcome = outcome;
  attempt.message = message;
  db_.record_attempt(attempt);
  ++summary_.attempts;
  ++progress_.failures;
  (outcome == store::AttemptOutcome::compile_error ? summary_.compile_errors : summary_.skipped)++;
}

void SweepRun::run_and_record(const RunJob& base, store::AttemptRecord attempt, uint64_t seed,
                              int64_t bytes_moved) {
  RunJob job = base;
  job.seed = seed;
  job.measure_options = config_.measure;
  const JobResult result = backend_.run(job, config_.job_timeout);
  attempt.outcome = to_store(result.outcome);
  attempt.message = result.message;
  attempt.verification.seed = seed;
  attempt.verification.rel_norm_error = result.rel_norm_error;
  attempt.verification.max_abs_error = result.max_abs_error;
  if (result.timing) {
    attempt.timing = to_store(*result.timing);
    attempt.sm_clock_mhz = result.timing->sm_clock_mhz;
    if (!result.timing->timer_note.empty()) attempt.log = result.timing->timer_note;
  }
  attempt.bytes_moved = bytes_moved;
  db_.record_attempt(attempt);
  ++summary_.attempts;
  switch (result.outcome) {
    case JobOutcome::ok:
      ++summary_.ok;
      break;
    case JobOutcome::wrong:
      ++summary_.wrong;
      break;
    case JobOutcome::fault:
      ++summary_.faults;
      break;
    case JobOutcome::timeout:
      ++summary_.timeouts;
      break;
  }
  if (result.outcome != JobOutcome::ok) ++progress_.failures;
}

void SweepRun::measure_problem(const Problem& problem, size_t index) {
  const store::ProblemId problem_id = db_.upsert_problem(problem);
  // A fresh seed per run and problem (inputs are never reused across runs), recorded with every
  // attempt; every candidate of one problem sees the same inputs, so they are judged alike.
  const uint64_t seed =
      config_.seed != 0
          ? config_.seed + index
          : std::stoull(sha256_hex(summary_.run_uuid + to_string(problem)).substr(0, 15), nullptr,
                        16);
  for (const auto& c : plan_op_candidates({problem}, config_.search)) {
    if (!c.alone) continue;  // measured inside its pipelines (measure_pipelines)
    if (should_stop()) return;
    const auto& v = variant(*c.op, problem, c.point);
    store::AttemptRecord a;
    a.uuid = store::new_uuid();
    a.run_id = run_id_;
    a.problem_id = problem_id;
    a.kind = store::SubjectKind::op;
    a.subject_name = c.op->name;
    a.variant_id = v.id;
    a.role = c.is_default ? store::AttemptRole::default_variant : store::AttemptRole::candidate;
    a.cache_mode = cache_mode_;
    const std::string label =
        fmt::format("{} {}", to_string(problem), variant_label(*c.op, c.point));
    if (config_.resume &&
        db_.is_done({device_id_, problem_id, a.kind, a.subject_name, v.id, {}, cache_mode_})) {
      ++summary_.resumed;
    } else {
      progress(label);
      if (!v.kernel)
        record_failure(a, store::AttemptOutcome::compile_error, v.failure);
      else
        run_and_record(op_job(problem, *c.op, {c.point, *v.kernel}), a, seed,
                       c.op->min_bytes(problem));
    }
    ++progress_.done;
  }
  measure_pipelines(problem, problem_id, seed);
}

void SweepRun::measure_pipelines(const Problem& problem, store::ProblemId problem_id,
                                 uint64_t seed) {
  // The fastest verified variant of each op for this problem, from everything stored so far (a
  // resumed sweep picks up what an earlier run measured).
  std::map<store::VariantId, std::string> params_of;
  for (const auto& v : db_.variants()) params_of[v.id] = v.record.params;
  std::map<std::string, ParamPoint> best;
  for (const auto& w : db_.op_winners())
    if (w.device_id == device_id_ && w.problem_id == problem_id && w.cache_mode == cache_mode_)
      best[w.op] = ParamPoint::parse(params_of.at(w.variant_id));

  const auto searched = pipeline_search_points(problem, config_.search);
  for (const auto* pipeline : pipelines_for(problem)) {
    std::vector<std::pair<store::AttemptRole, std::map<std::string, ParamPoint>>> compositions;
    std::map<std::string, ParamPoint> defaults, tuned;
    for (const auto& name : pipeline->op_names()) {
      const auto& op = find_op(name);
      defaults[name] = op.default_point();
      tuned[name] = best.count(name) ? best[name] : op.default_point();
    }
    compositions.emplace_back(
        pipeline->baseline ? store::AttemptRole::baseline : store::AttemptRole::default_variant,
        defaults);
    if (!pipeline->baseline && tuned != defaults)
      compositions.emplace_back(store::AttemptRole::tuned, tuned);
    // Ops that can only be verified inside the pipeline: one op's points at a time, every other op
    // at its tuned point (a coordinate search; two such ops are not searched jointly).
    for (const auto& name : pipeline->op_names()) {
      const auto it = searched.find(name);
      if (pipeline->baseline || it == searched.end()) continue;
      for (const auto& point : it->second) {
        auto composition = tuned;
        composition[name] = point;
        compositions.emplace_back(store::AttemptRole::tuned, std::move(composition));
      }
    }

    for (const auto& [role, points] : compositions) {
      if (should_stop()) return;
      store::AttemptRecord a;
      a.uuid = store::new_uuid();
      a.run_id = run_id_;
      a.problem_id = problem_id;
      a.kind = store::SubjectKind::pipeline;
      a.subject_name = pipeline->name;
      a.role = role;
      a.cache_mode = cache_mode_;
      std::map<std::string, VariantChoice> choices;
      std::vector<store::VariantId> member_ids;
      std::string missing;
      for (const auto& name : pipeline->op_names()) {
        const auto& v = variant(find_op(name), problem, points.at(name));
        a.members.push_back({name, v.id});
        member_ids.push_back(v.id);
        if (v.kernel)
          choices[name] = {points.at(name), *v.kernel};
        else if (missing.empty())
          missing = fmt::format("{} did not compile: {}", name, v.failure);
      }
      if (config_.resume && db_.is_done({device_id_, problem_id, a.kind, a.subject_name,
                                         std::nullopt, member_ids, cache_mode_})) {
        ++summary_.resumed;
      } else {
        progress(fmt::format("{} pipeline {} ({})", to_string(problem), pipeline->name,
                             store::to_string(role)));
        if (!missing.empty())
          record_failure(a, store::AttemptOutcome::skipped, missing);
        else
          run_and_record(pipeline_job(problem, *pipeline, choices), a, seed,
                         layer_min_bytes(problem));
      }
      ++progress_.done;
    }
  }
}

SweepSummary SweepRun::run() {
  device_id_ = db_.upsert_device(device_record(config_.device, config_.versions));
  store::RunRecord r;
  r.uuid = store::new_uuid();
  r.device_id = device_id_;
  r.command_line = config_.command_line;
  r.mhc_tune_version = build_info::kVersion;
  r.git_commit = build_info::kGitCommit;
  r.host_name = host_name();
  r.timer = config_.events_only ? store::Timer::events : store::Timer::cupti;
  r.cache_mode = cache_mode_;
  run_id_ = db_.begin_run(r);
  summary_.run_uuid = r.uuid;
  try {
    compile_variants();
    summary_.copy_bandwidth_gbps = backend_.copy_bandwidth_gbps();
    int64_t total = 0;
    for (const auto& c : plan_op_candidates(config_.problems, config_.search)) total += c.alone;
    for (const auto& p : config_.problems) total += pipeline_attempts(p, config_.search);
    progress_ = {0, total, 0, "", "measure"};
    for (size_t i = 0; i < config_.problems.size() && !should_stop(); ++i)
      measure_problem(config_.problems[i], i);
  } catch (...) {
    db_.finish_run(run_id_, store::RunStatus::failed, summary_.copy_bandwidth_gbps);
    throw;
  }
  db_.finish_run(run_id_,
                 summary_.interrupted ? store::RunStatus::interrupted : store::RunStatus::finished,
                 summary_.copy_bandwidth_gbps);
  summary_.seconds = std::chrono::duration<double>(Clock::now() - start_).count();
  return summary_;
}

}  // namespace

SweepSummary run_sweep(const SweepConfig& config, MeasurementBackend& backend,
                       const SweepObserver& observer, const std::atomic<bool>& stop_requested) {
  SweepRun run(config, backend, observer, stop_requested);
  return run.run();
}

}  // namespace mhc
