#pragma once
// Test helper: small tuning databases for the report suite, built through the store's API on top of
// tests/common/store_fixture.hpp. Every value is made up and labelled TEST-FIXTURE: none is a
// measurement. Uuids and times are fixed so the golden files do not change between runs.
//
// build_report_fixture: one GPU, two runs (run 2 re-measures one pipeline and one op, and measured
// no copy bandwidth), f32/paper problems covering every gap, and one bf16/production problem.
//   static  fwd 320,1280,4   naive 100, fused default 25, tuned 20       -> 5.00x, gain 1.25 FAST
//   static  bwd 320,1280,4   naive wrong, fused default 40               -> baseline-failed
//   dynamic fwd 320,1280,4   naive 150, default 30, tuned 27 (run 1) re-measured 29.9 (run 2)
//                            -> tuned 29.9 (latest), SAME, no copy bandwidth
//   dynamic bwd 320,1280,4   naive 400, default fault, tuned 80 (noise 3%) -> no-default
//   dynamic fwd 32,1280,32   no baseline, default 12, tuned 10 without bytes -> no-baseline, FAST
//   static  fwd 32,1280,32   op attempts only                             -> no-pipeline
//   dynamic fwd 2560,1280,4  naive wrong, fused timeout                   -> no-tuned
//   dynamic fwd 4096,7168,4 bf16 production: naive 2000, default 900, tuned 850 (events timer)
// build_other_fixture: another GPU ("TEST-FIXTURE GPU B") for --compare: FAST, SAME, SLOW, AMBG,
// one problem only there.
#include <fmt/format.h>

#include <string>
#include <vector>

#include "common/store_fixture.hpp"
#include "store/tuning_database.hpp"

namespace mhc::testing {

class ReportFixtureBuilder {
 public:
  ReportFixtureBuilder(store::TuningDatabase& db, std::string prefix)
      : db_(db), prefix_(std::move(prefix)) {}

  store::RunId run(const store::DeviceId device, int day, std::optional<double> copy_gbps,
                   const std::string& commit = "test-fixture") {
    auto r = fixture_run(device, fmt::format("{}-run-{}", prefix_, day));
    r.started_at = fmt::format("2000-01-0{}T00:00:00.000Z", day);
    r.command_line =
        fmt::format("mhc-tune sweep --set paper --db fixture.db  # TEST-FIXTURE day {}", day);
    r.git_commit = commit;
    r.finished_at = fmt::format("2000-01-0{}T01:00:00.000Z", day);
    r.status = store::RunStatus::finished;
    r.copy_bandwidth_gbps = copy_gbps;
    return db_.upsert_run(r);  // finish_run would stamp the time of the test
  }

  store::VariantId variant(const std::string& op, const std::string& params) {
    db_.upsert_source({"fixture-source-" + op, op + ".cu", "// TEST-FIXTURE: " + op + "\n"});
    return db_.upsert_variant({op, params, "fixture-source-" + op, "sm_90a", "TEST-FIXTURE"});
  }

  static Problem problem(HPath path, Direction direction, Shape shape, Dtype dtype = Dtype::f32,
                         Convention convention = Convention::paper) {
    Problem p;
    p.path = path;
    p.direction = direction;
    p.shape = shape;
    p.residual_dtype = dtype;
    p.convention = convention;
    p.constants = default_constants(convention);
    return p;
  }

  // An attempt with a fixed uuid and time, so goldens and "latest" are deterministic.
  store::AttemptRecord pipeline(store::RunId run, store::ProblemId problem, const std::string& name,
                                std::vector<store::PipelineMember> members, store::AttemptRole role,
                                double median_us) {
    auto a = fixture_pipeline_attempt(run, problem, name, std::move(members), median_us);
    a.role = role;
    a.bytes_moved = 20'971'520;
    return stamp(a, run);
  }
  store::AttemptRecord op(store::RunId run, store::ProblemId problem, const std::string& name,
                          store::VariantId variant, store::AttemptRole role, double median_us) {
    auto a = fixture_op_attempt(run, problem, name, variant, median_us);
    a.role = role;
    return stamp(a, run);
  }
  static store::AttemptRecord failed(store::AttemptRecord a, store::AttemptOutcome outcome) {
    a.outcome = outcome;
    a.message = "TEST-FIXTURE failure";
    a.timing.reset();
    return a;
  }
  void record(const store::AttemptRecord& a) { db_.record_attempt(a); }

 private:
  store::AttemptRecord stamp(store::AttemptRecord a, store::RunId run) {
    ++count_;
    a.uuid = fmt::format("{}-attempt-{:02}", prefix_, count_);
    a.created_at = fmt::format("2000-01-0{}T00:00:{:02}.000Z", run, count_);
    return a;
  }

  store::TuningDatabase& db_;
  std::string prefix_;
  int count_ = 0;
};

inline void build_report_fixture(store::TuningDatabase& db) {
  using store::AttemptOutcome;
  using R = store::AttemptRole;
  ReportFixtureBuilder b(db, "this");
  const auto device = db.upsert_device(fixture_device());
  const auto run1 = b.run(device, 1, 3000.0);
  const auto run2 = b.run(device, 2, std::nullopt);
  const auto naive = b.variant("naive_step", "threads=256");
  const auto pre128 = b.variant("pre_aggregate", "threads=128");
  const auto pre256 = b.variant("pre_aggregate", "threads=256");
  const auto post128 = b.variant("post_mix", "threads=128,vec=4");
  const auto post256 = b.variant("post_mix", "threads=256,vec=4");
  const auto post512 = b.variant("post_mix", "threads=512,vec=8");
  const auto proj128 = b.variant("dyn_projection", "threads=128");
  const auto proj256 = b.variant("dyn_projection", "threads=256");
  const auto split4 = b.variant("dyn_projection", "splitk=4");
  const auto split8 = b.variant("dyn_projection", "splitk=8");
  const std::vector<store::PipelineMember> naive_members{{"naive_step", naive}};
  const std::vector<store::PipelineMember> static_default{{"pre_aggregate", pre128},
                                                          {"post_mix", post128}};
  const std::vector<store::PipelineMember> static_tuned{{"pre_aggregate", pre256},
                                                        {"post_mix", post256}};
  const std::vector<store::PipelineMember> dynamic_default{
      {"dyn_projection", proj128}, {"pre_aggregate", pre128}, {"post_mix", post128}};
  const std::vector<store::PipelineMember> dynamic_tuned{
      {"dyn_projection", proj256}, {"pre_aggregate", pre256}, {"post_mix", post256}};
  const auto problem = [&](HPath path, Direction d, Shape s, Dtype t = Dtype::f32,
                           Convention c = Convention::paper) {
    return db.upsert_problem(ReportFixtureBuilder::problem(path, d, s, t, c));
  };
  const auto s_fwd = problem(HPath::static_h, Direction::forward, {320, 1280, 4});
  const auto s_bwd = problem(HPath::static_h, Direction::backward, {320, 1280, 4});
  const auto d_fwd = problem(HPath::dynamic_h, Direction::forward, {320, 1280, 4});
  const auto d_bwd = problem(HPath::dynamic_h, Direction::backward, {320, 1280, 4});
  const auto d_fwd_n32 = problem(HPath::dynamic_h, Direction::forward, {32, 1280, 32});
  const auto s_fwd_n32 = problem(HPath::static_h, Direction::forward, {32, 1280, 32});
  const auto d_fwd_big = problem(HPath::dynamic_h, Direction::forward, {2560, 1280, 4});
  const auto bf16 = problem(HPath::dynamic_h, Direction::forward, {4096, 7168, 4}, Dtype::bf16,
                            Convention::production);

  // Op attempts: what was tried, with every failure kind.
  b.record(b.op(run1, s_fwd, "pre_aggregate", pre128, R::default_variant, 5.0));
  b.record(b.op(run1, s_fwd, "pre_aggregate", pre256, R::candidate, 4.0));
  b.record(b.op(run1, s_fwd, "post_mix", post128, R::default_variant, 12.5));
  b.record(b.op(run1, s_fwd, "post_mix", post256, R::candidate, 10.0));
  b.record(ReportFixtureBuilder::failed(b.op(run1, s_fwd, "post_mix", post512, R::candidate, 0),
                                        AttemptOutcome::compile_error));
  b.record(b.op(run1, d_fwd, "dyn_projection", proj128, R::default_variant, 9.0));
  b.record(ReportFixtureBuilder::failed(
      b.op(run1, d_fwd, "dyn_projection", proj256, R::candidate, 0), AttemptOutcome::wrong));
  b.record(ReportFixtureBuilder::failed(
      b.op(run1, d_fwd, "dyn_projection", split4, R::candidate, 0), AttemptOutcome::fault));
  b.record(ReportFixtureBuilder::failed(
      b.op(run1, d_fwd, "dyn_projection", split8, R::candidate, 0), AttemptOutcome::timeout));
  b.record(b.op(run1, s_fwd_n32, "pre_aggregate", pre128, R::default_variant, 3.0));

  // static forward 320: 5.00x, tuning gain 1.25; a pipeline skipped for a member that failed.
  b.record(b.pipeline(run1, s_fwd, "naive", naive_members, R::baseline, 100.0));
  b.record(b.pipeline(run1, s_fwd, "fused", static_default, R::default_variant, 25.0));
  b.record(b.pipeline(run1, s_fwd, "fused", static_tuned, R::tuned, 20.0));
  b.record(ReportFixtureBuilder::failed(
      b.pipeline(run1, s_fwd, "fused", {{"pre_aggregate", pre256}, {"post_mix", post512}}, R::tuned,
                 0),
      AttemptOutcome::skipped));
  // static backward 320: the baseline failed verification.
  b.record(ReportFixtureBuilder::failed(
      b.pipeline(run1, s_bwd, "naive", naive_members, R::baseline, 0), AttemptOutcome::wrong));
  b.record(b.pipeline(run1, s_bwd, "fused", static_default, R::default_variant, 40.0));
  // dynamic forward 320: run 2 re-measures the tuned pipeline, and the op that was wrong.
  b.record(b.pipeline(run1, d_fwd, "naive", naive_members, R::baseline, 150.0));
  b.record(b.pipeline(run1, d_fwd, "fused", dynamic_default, R::default_variant, 30.0));
  b.record(b.pipeline(run1, d_fwd, "fused", dynamic_tuned, R::tuned, 27.0));
  b.record(b.pipeline(run2, d_fwd, "fused", dynamic_tuned, R::tuned, 29.9));
  b.record(b.op(run2, d_fwd, "dyn_projection", proj256, R::candidate, 8.5));
  // dynamic backward 320: the default pipeline faulted; the tuned one is noisy.
  b.record(b.pipeline(run1, d_bwd, "naive", naive_members, R::baseline, 400.0));
  b.record(ReportFixtureBuilder::failed(
      b.pipeline(run1, d_bwd, "fused", dynamic_default, R::default_variant, 0),
      AttemptOutcome::fault));
  auto noisy = b.pipeline(run1, d_bwd, "fused", dynamic_tuned, R::tuned, 80.0);
  noisy.timing->relative_noise = 0.03;
  noisy.timing->noise_target_met = false;
  noisy.timing->repetitions = 1000;
  b.record(noisy);
  // dynamic forward 32,1280,32: no baseline recorded; the tuned attempt has no floor bytes.
  b.record(b.pipeline(run1, d_fwd_n32, "fused", dynamic_default, R::default_variant, 12.0));
  auto unsized = b.pipeline(run1, d_fwd_n32, "fused", dynamic_tuned, R::tuned, 10.0);
  unsized.bytes_moved.reset();
  unsized.timing->relative_noise = 0.005;
  b.record(unsized);
  // dynamic forward 2560: every pipeline failed.
  b.record(ReportFixtureBuilder::failed(
      b.pipeline(run1, d_fwd_big, "naive", naive_members, R::baseline, 0), AttemptOutcome::wrong));
  b.record(ReportFixtureBuilder::failed(
      b.pipeline(run1, d_fwd_big, "fused", dynamic_default, R::default_variant, 0),
      AttemptOutcome::timeout));
  // bf16 production 4096,7168,4, timed with events.
  for (auto [members, role, us] : {std::tuple{naive_members, R::baseline, 2000.0},
                                   std::tuple{dynamic_default, R::default_variant, 900.0},
                                   std::tuple{dynamic_tuned, R::tuned, 850.0}}) {
    auto a = b.pipeline(run1, bf16, role == R::baseline ? "naive" : "fused", members, role, us);
    a.timing->timer = store::Timer::events;
    a.bytes_moved = 176'160'768;
    a.sm_clock_mhz = 1755.0;
    b.record(a);
  }
}

inline void build_other_fixture(store::TuningDatabase& db) {
  using R = store::AttemptRole;
  ReportFixtureBuilder b(db, "other");
  auto gpu = fixture_device("GPU-TEST-FIXTURE-0002");
  gpu.name = "TEST-FIXTURE GPU B";
  const auto device = db.upsert_device(gpu);
  const auto run = b.run(device, 1, 2900.0, "test-fixture-older");
  const auto naive = b.variant("naive_step", "threads=256");
  const auto post = b.variant("post_mix", "threads=128,vec=4");
  const auto problem = [&](HPath path, Direction d, Shape s) {
    return db.upsert_problem(ReportFixtureBuilder::problem(path, d, s));
  };
  const auto timed = [&](store::ProblemId p, double us, double noise) {
    b.record(b.pipeline(run, p, "naive", {{"naive_step", naive}}, R::baseline, us * 4));
    auto a = b.pipeline(run, p, "fused", {{"post_mix", post}}, R::default_variant, us);
    a.timing->relative_noise = noise;
    b.record(a);
  };
  timed(problem(HPath::static_h, Direction::forward, {320, 1280, 4}), 25.0, 0.004);    // FAST here
  timed(problem(HPath::dynamic_h, Direction::forward, {320, 1280, 4}), 29.95, 0.004);  // SAME
  timed(problem(HPath::dynamic_h, Direction::backward, {320, 1280, 4}), 78.0, 0.004);  // AMBG
  timed(problem(HPath::dynamic_h, Direction::forward, {32, 1280, 32}), 9.0, 0.004);    // SLOW
  timed(problem(HPath::static_h, Direction::backward, {512, 1920, 4}), 50.0, 0.004);   // only there
}

}  // namespace mhc::testing
