// render_json: the whole report model for scripts. Missing numbers are null and their reasons sit
// under the object's "gaps"; "units" says what every number is.
#include "core/json_writer.hpp"
#include "report/report_printers.hpp"

namespace mhc::report {

namespace {

using Named = std::vector<std::pair<const char*, const Quantity*>>;

// The quantities as fields, then "gaps": {name: reason} for those without a value.
void write_quantities(JsonWriter& json, const Named& named) {
  for (const auto& [name, q] : named) {
    json.key(name);
    q->value ? json.value(*q->value) : json.null();
  }
  json.key("gaps").begin_object();
  for (const auto& [name, q] : named)
    if (!q->value) json.field(name, gap_code(q->gap));
  json.end_object();
}

void write_problem(JsonWriter& json, const Problem& p) {
  json.key("problem")
      .begin_object()
      .field("id", to_string(p))
      .field("path", to_string(p.path))
      .field("direction", to_string(p.direction))
      .field("B", p.shape.tokens)
      .field("C", p.shape.hidden)
      .field("n", p.shape.streams)
      .field("residual_dtype", to_string(p.residual_dtype))
      .field("convention", to_string(p.convention))
      .field("sinkhorn_iters", p.constants.sinkhorn_iters)
      .field("rms_eps", p.constants.rms_eps)
      .field("sinkhorn_eps", p.constants.sinkhorn_eps)
      .field("post_mult", p.constants.post_mult)
      .field("pre_eps", p.constants.pre_eps)
      .end_object();
}

void write_attempt(JsonWriter& json, const char* name, const std::optional<TimedAttempt>& a,
                   const ReportModel& model) {
  json.key(name);
  if (!a) {
    json.null();
    return;
  }
  const auto& t = a->timing;
  json.begin_object()
      .field("pipeline", a->pipeline)
      .field("role", store::to_string(a->role))
      .field("attempt_uuid", a->attempt_uuid)
      .field("run", a->run + 1)
      .field("run_uuid", model.runs[a->run].run.uuid)
      .field("timer", store::to_string(t.timer))
      .field("median_us", t.median_us)
      .field("min_us", t.min_us)
      .field("max_us", t.max_us)
      .field("mean_us", t.mean_us)
      .field("stddev_us", t.stddev_us)
      .field("repetitions", t.repetitions)
      .field("relative_noise", t.relative_noise)
      .field("noise_target_met", t.noise_target_met);
  json.key("bytes_moved");
  a->bytes_moved ? json.value(*a->bytes_moved) : json.null();
  json.key("ops").begin_array();
  for (const auto& m : a->members)
    json.begin_object().field("op", m.op).field("params", m.params).end_object();
  json.end_array().end_object();
}

void write_result(JsonWriter& json, const ProblemResult& r, const ReportModel& model) {
  json.begin_object();
  write_problem(json, r.problem);
  write_attempt(json, "tuned", r.tuned, model);
  write_attempt(json, "baseline", r.baseline, model);
  write_attempt(json, "default", r.default_pipeline, model);
  json.key("tuned_vs_default");
  r.tuned_vs_default ? json.value(to_string(*r.tuned_vs_default)) : json.null();
  write_quantities(json, {{"tuned_us", &r.tuned_us},
                          {"baseline_us", &r.baseline_us},
                          {"default_us", &r.default_us},
                          {"speedup", &r.speedup},
                          {"tuning_gain", &r.tuning_gain},
                          {"floor_bytes", &r.floor_bytes},
                          {"achieved_gbps", &r.achieved_gbps},
                          {"share_of_copy", &r.share_of_copy},
                          {"share_of_peak", &r.share_of_peak}});
  json.end_object();
}

void write_devices(JsonWriter& json, const std::vector<store::DeviceRecord>& devices) {
  json.begin_array();
  for (const auto& d : devices)
    json.begin_object()
        .field("name", d.name)
        .field("uuid", d.uuid)
        .field("compute_capability", d.compute_capability)
        .field("sm_count", d.sm_count)
        .field("memory_bytes", d.memory_bytes)
        .field("l2_bytes", d.l2_bytes)
        .field("sm_clock_mhz", d.sm_clock_mhz)
        .field("memory_clock_mhz", d.memory_clock_mhz)
        .field("peak_bandwidth_gbps", d.peak_bandwidth_gbps)
        .field("driver_version", d.driver_version)
        .field("cuda_runtime_version", d.cuda_runtime_version)
        .field("nvrtc_version", d.nvrtc_version)
        .field("cupti_version", d.cupti_version)
        .end_object();
  json.end_array();
}

void write_runs(JsonWriter& json, const std::vector<RunSummary>& runs,
                const std::vector<store::DeviceRecord>& devices) {
  json.begin_array();
  for (size_t i = 0; i < runs.size(); ++i) {
    const auto& r = runs[i].run;
    json.begin_object()
        .field("run", static_cast<int64_t>(i + 1))
        .field("uuid", r.uuid)
        .field("device", devices[runs[i].device].name)
        .field("started_at", r.started_at)
        .field("finished_at", r.finished_at)
        .field("status", store::to_string(r.status))
        .field("command_line", r.command_line)
        .field("mhc_tune_version", r.mhc_tune_version)
        .field("git_commit", r.git_commit)
        .field("host_name", r.host_name)
        .field("timer", store::to_string(r.timer))
        .field("cache_mode", store::to_string(r.cache_mode));
    json.key("copy_bandwidth_gbps");
    r.copy_bandwidth_gbps ? json.value(*r.copy_bandwidth_gbps) : json.null();
    json.field("attempts", runs[i].attempts).end_object();
  }
  json.end_array();
}

void write_timing(JsonWriter& json, const TimingSummary& s) {
  json.begin_object()
      .field("timed_attempts", s.timed_attempts)
      .field("min_repetitions", s.min_repetitions)
      .field("max_repetitions", s.max_repetitions)
      .field("median_relative_noise", s.median_noise)
      .field("max_relative_noise", s.max_noise)
      .field("noise_target_missed", s.noise_target_missed);
  json.key("min_sm_clock_mhz");
  s.min_sm_clock_mhz ? json.value(*s.min_sm_clock_mhz) : json.null();
  json.key("max_sm_clock_mhz");
  s.max_sm_clock_mhz ? json.value(*s.max_sm_clock_mhz) : json.null();
  json.key("timers").begin_array();
  for (const auto t : s.timers) json.value(store::to_string(t));
  json.end_array().end_object();
}

void write_comparison(JsonWriter& json, const Comparison& c) {
  json.begin_object().field("other_database", c.other_database).key("other_devices");
  write_devices(json, c.other_devices);
  json.key("other_runs");
  write_runs(json, c.other_runs, c.other_devices);
  json.key("rows").begin_array();
  for (const auto& r : c.rows) {
    json.begin_object();
    write_problem(json, r.problem);
    json.field("cache_mode", store::to_string(r.cache_mode))
        .field("this_device", r.this_device)
        .field("other_device", r.other_device)
        .field("this_attempt_uuid", r.this_attempt_uuid)
        .field("other_attempt_uuid", r.other_attempt_uuid)
        .key("label");
    r.label ? json.value(to_string(*r.label)) : json.null();
    write_quantities(
        json, {{"this_us", &r.this_us}, {"other_us", &r.other_us}, {"this_over_other", &r.ratio}});
    json.end_object();
  }
  json.end_array().end_object();
}

}  // namespace

std::string render_json(const ReportModel& model) {
  JsonWriter json;
  json.begin_object()
      .field("database", model.database)
      .key("units")
      .begin_object()
      .field("*_us", "microseconds: the median over an attempt's timed repetitions")
      .field("*_gbps", "GB/s, 1e9 bytes per second")
      .field("floor_bytes", "bytes: the least the layer must move (MATH.md, The floor)")
      .field("share_of_*", "fraction of the ceiling: 0.5 is half of it")
      .field("speedup, tuning_gain", "times faster: baseline / tuned, default / tuned")
      .field("relative_noise", "stddev / mean of the repetitions")
      .end_object()
      .key("devices");
  write_devices(json, model.devices);
  json.key("runs");
  write_runs(json, model.runs, model.devices);
  json.field("attempts_stored", model.attempts_stored)
      .field("attempts_used", model.attempts_used)
      .key("timing");
  write_timing(json, model.timing);
  json.key("groups").begin_array();
  for (const auto& g : model.groups) {
    json.begin_object()
        .field("device", model.devices[g.device].name)
        .field("cache_mode", store::to_string(g.cache_mode))
        .field("residual_dtype", to_string(g.residual_dtype))
        .field("convention", to_string(g.convention))
        .key("results")
        .begin_array();
    for (int i : g.problems) write_result(json, model.problems[i], model);
    json.end_array().end_object();
  }
  json.end_array().key("outcomes").begin_array();
  for (const auto& c : model.outcomes) {
    json.begin_object().field("kind", store::to_string(c.kind)).field("name", c.name);
    for (const auto outcome : {store::AttemptOutcome::ok, store::AttemptOutcome::compile_error,
                               store::AttemptOutcome::wrong, store::AttemptOutcome::fault,
                               store::AttemptOutcome::timeout, store::AttemptOutcome::skipped})
      json.field(store::to_string(outcome), c.count(outcome));
    json.end_object();
  }
  json.end_array().key("pipelines").begin_array();
  for (const auto& p : model.pipelines)
    json.begin_object().field("name", p.name).field("description", p.description).end_object();
  json.end_array();
  if (model.comparison) {
    json.key("comparison");
    write_comparison(json, *model.comparison);
  }
  json.end_object();
  return json.str() + "\n";
}

}  // namespace mhc::report
