#pragma once
// Test helper: builds a small tuning database through the store's own API, for the store, report
// and emit suites. Every value here is made up and labelled TEST-FIXTURE: none is a measurement.
//
// What it holds (one device, one run, two problems):
//   problem "small" (320,1280,4):  post_mix threads=128 12.5 us (default), threads=256 10.0 us,
//                                  threads=512 compile_error; pre_aggregate threads=128 5.0 us;
//                                  pipelines "unfused" 30.0 us (baseline), "fused" 20.0 us
//   problem "large" (2560,1280,4): post_mix threads=128 80.0 us
#include <string>
#include <utility>
#include <vector>

#include "store/identifiers.hpp"
#include "store/tuning_database.hpp"

namespace mhc::testing {

inline store::DeviceRecord fixture_device(const std::string& uuid = "GPU-TEST-FIXTURE-0001") {
  store::DeviceRecord d;
  d.uuid = uuid;
  d.name = "TEST-FIXTURE GPU";
  d.compute_capability = "9.0";
  d.sm_count = 132;
  d.l2_bytes = 50 * 1024 * 1024;
  d.memory_bytes = 80LL * 1024 * 1024 * 1024;
  d.memory_bus_bits = 5120;
  d.sm_clock_mhz = 1980;
  d.memory_clock_mhz = 2619;
  d.peak_bandwidth_gbps = 3352.3;
  d.driver_version = "13.0";
  d.cuda_runtime_version = "13.0";
  d.nvrtc_version = "13.0";
  d.cupti_version = "unavailable";
  return d;
}

inline Problem fixture_problem(int64_t tokens) {
  Problem p;
  p.shape = {tokens, 1280, 4};
  return p;
}

inline store::RunRecord fixture_run(store::DeviceId device, const std::string& uuid) {
  store::RunRecord r;
  r.uuid = uuid;
  r.device_id = device;
  r.started_at = "2000-01-01T00:00:00.000Z";
  r.command_line = "mhc-tune tune --set smoke  # TEST-FIXTURE";
  r.mhc_tune_version = "0.0.0-test-fixture";
  r.git_commit = "test-fixture";
  r.host_name = "test-fixture-host";
  r.copy_bandwidth_gbps = 3000.0;
  return r;
}

inline store::Timing fixture_timing(double median_us) {
  store::Timing t;
  t.median_us = median_us;
  t.min_us = median_us * 0.98;
  t.max_us = median_us * 1.05;
  t.mean_us = median_us * 1.01;
  t.stddev_us = median_us * 0.004;
  t.kernels_sum_median_us = median_us;
  t.repetitions = 100;
  t.relative_noise = 0.004;
  t.noise_target_met = true;
  return t;
}

// A verified, timed op attempt (outcome ok).
inline store::AttemptRecord fixture_op_attempt(store::RunId run, store::ProblemId problem,
                                               const std::string& op, store::VariantId variant,
                                               double median_us) {
  store::AttemptRecord a;
  a.uuid = store::new_uuid();
  a.run_id = run;
  a.problem_id = problem;
  a.kind = store::SubjectKind::op;
  a.subject_name = op;
  a.variant_id = variant;
  a.verification = {.seed = 1234,
                    .rel_norm_error = 1e-7,
                    .max_abs_error = 2e-6,
                    .worst_index = 17,
                    .bound = 1e-5};
  a.timing = fixture_timing(median_us);
  a.bytes_moved = 10'485'760;
  a.sm_clock_mhz = 1980.0;
  return a;
}

inline store::AttemptRecord fixture_pipeline_attempt(store::RunId run, store::ProblemId problem,
                                                     const std::string& name,
                                                     std::vector<store::PipelineMember> members,
                                                     double median_us) {
  store::AttemptRecord a = fixture_op_attempt(run, problem, name, 0, median_us);
  a.kind = store::SubjectKind::pipeline;
  a.variant_id.reset();
  a.members = std::move(members);
  return a;
}

struct StoreFixture {
  store::DeviceId device = 0;
  store::RunId run = 0;
  store::ProblemId small = 0, large = 0;
  store::VariantId post_mix_128 = 0, post_mix_256 = 0, post_mix_512 = 0, pre_aggregate_128 = 0;
  int attempts = 0;
};

inline StoreFixture build_store_fixture(store::TuningDatabase& db,
                                        const std::string& run_uuid = "run-test-fixture-0001") {
  StoreFixture f;
  f.device = db.upsert_device(fixture_device());
  f.run = db.begin_run(fixture_run(f.device, run_uuid));
  f.small = db.upsert_problem(fixture_problem(320));
  f.large = db.upsert_problem(fixture_problem(2560));
  db.upsert_source({"fixture-source-hash-post-mix", "post_mix.cu",
                    "// TEST-FIXTURE: stands in for kernels/post_mix.cu\n"});
  db.upsert_source({"fixture-source-hash-pre-aggregate", "pre_aggregate.cu",
                    "// TEST-FIXTURE: stands in for kernels/pre_aggregate.cu\n"});
  const auto variant = [&](const std::string& op, const std::string& params) {
    return db.upsert_variant(
        {op, params,
         "fixture-source-hash-" + std::string(op == "post_mix" ? "post-mix" : "pre-aggregate"),
         "sm_90a", "-std=c++17"});
  };
  f.post_mix_128 = variant("post_mix", "threads=128,vec=4");
  f.post_mix_256 = variant("post_mix", "threads=256,vec=4");
  f.post_mix_512 = variant("post_mix", "threads=512,vec=8");
  f.pre_aggregate_128 = variant("pre_aggregate", "threads=128");
  for (const auto& [id, key] : {std::pair{f.post_mix_128, "post_mix-128"},
                                {f.post_mix_256, "post_mix-256"},
                                {f.pre_aggregate_128, "pre_aggregate-128"}})
    db.upsert_compilation({id, std::string("fixture-cache-key-") + key, store::CompileOutcome::ok,
                           "", 120.0, 40, 0, 0, 0, 0});
  db.upsert_compilation({f.post_mix_512, "fixture-cache-key-post_mix-512",
                         store::CompileOutcome::compile_error,
                         "TEST-FIXTURE: error: too many resources requested", 95.0});

  auto default_128 = fixture_op_attempt(f.run, f.small, "post_mix", f.post_mix_128, 12.5);
  default_128.role = store::AttemptRole::default_variant;
  db.record_attempt(default_128);
  db.record_attempt(fixture_op_attempt(f.run, f.small, "post_mix", f.post_mix_256, 10.0));
  auto failed = fixture_op_attempt(f.run, f.small, "post_mix", f.post_mix_512, 0.0);
  failed.outcome = store::AttemptOutcome::compile_error;
  failed.message = "TEST-FIXTURE: too many resources requested";
  failed.timing.reset();
  failed.verification = {};
  db.record_attempt(failed);
  db.record_attempt(fixture_op_attempt(f.run, f.small, "pre_aggregate", f.pre_aggregate_128, 5.0));
  auto unfused = fixture_pipeline_attempt(
      f.run, f.small, "unfused",
      {{"pre_aggregate", f.pre_aggregate_128}, {"post_mix", f.post_mix_128}}, 30.0);
  unfused.role = store::AttemptRole::baseline;
  db.record_attempt(unfused);
  db.record_attempt(fixture_pipeline_attempt(
      f.run, f.small, "fused",
      {{"pre_aggregate", f.pre_aggregate_128}, {"post_mix", f.post_mix_256}}, 20.0));
  db.record_attempt(fixture_op_attempt(f.run, f.large, "post_mix", f.post_mix_128, 80.0));
  f.attempts = 7;
  db.finish_run(f.run, store::RunStatus::finished, 3000.0);
  return f;
}

}  // namespace mhc::testing
