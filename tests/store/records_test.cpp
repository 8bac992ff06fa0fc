// Writing rows and reading them back: round trips, upserts by natural key, one transaction per
// attempt, and the checks that keep malformed attempts out.
#include "store/records.hpp"

#include <gtest/gtest.h>

#include "common/store_fixture.hpp"
#include "core/errors.hpp"
#include "store/scratch_directory.hpp"
#include "store/tuning_database.hpp"

namespace mhc::store {
namespace {

using testing::ScratchDirectory;

class Records : public ::testing::Test {
 protected:
  ScratchDirectory dir;
  TuningDatabase db = TuningDatabase::open_for_write(dir.file("tuning.db"));
};

TEST_F(Records, EnumTextsRoundTripAndMatchTheSchema) {
  EXPECT_EQ(to_string(AttemptRole::default_variant), "default");
  for (auto role : {AttemptRole::candidate, AttemptRole::default_variant, AttemptRole::baseline,
                    AttemptRole::tuned})
    EXPECT_EQ(parse_attempt_role(to_string(role)), role);
  for (auto outcome : {AttemptOutcome::ok, AttemptOutcome::compile_error, AttemptOutcome::wrong,
                       AttemptOutcome::fault, AttemptOutcome::timeout, AttemptOutcome::skipped})
    EXPECT_EQ(parse_attempt_outcome(to_string(outcome)), outcome);
  EXPECT_EQ(parse_run_status("interrupted"), RunStatus::interrupted);
  EXPECT_THROW(parse_timer("stopwatch"), UsageError);
}

TEST_F(Records, FixtureRoundTripsThroughEveryTable) {
  const auto f = testing::build_store_fixture(db);
  const auto devices = db.devices();
  ASSERT_EQ(devices.size(), 1u);
  EXPECT_EQ(devices[0].id, f.device);
  EXPECT_EQ(devices[0].record, testing::fixture_device());

  const auto runs = db.runs();
  ASSERT_EQ(runs.size(), 1u);
  EXPECT_EQ(runs[0].record.status, RunStatus::finished);
  EXPECT_FALSE(runs[0].record.finished_at.empty());
  EXPECT_EQ(runs[0].record.copy_bandwidth_gbps, 3000.0);
  EXPECT_EQ(runs[0].record.command_line, testing::fixture_run(f.device, "x").command_line);

  const auto problems = db.problems();
  ASSERT_EQ(problems.size(), 2u);
  EXPECT_EQ(problems[0].record, testing::fixture_problem(320));
  EXPECT_EQ(db.sources().size(), 2u);
  EXPECT_EQ(db.variants().size(), 4u);
  const auto compilations = db.compilations();
  ASSERT_EQ(compilations.size(), 4u);
  EXPECT_EQ(compilations[3].record.outcome, CompileOutcome::compile_error);
  EXPECT_FALSE(compilations[3].record.registers.has_value());

  const auto attempts = db.attempts();
  ASSERT_EQ(attempts.size(), static_cast<size_t>(f.attempts));
  EXPECT_EQ(attempts[0].record.role, AttemptRole::default_variant);
  EXPECT_EQ(attempts[2].record.outcome, AttemptOutcome::compile_error);
  EXPECT_FALSE(attempts[2].record.timing.has_value());
  const auto& fused = attempts[5].record;
  EXPECT_EQ(fused.subject_name, "fused");
  ASSERT_EQ(fused.members.size(), 2u);
  EXPECT_EQ(fused.members[1], (PipelineMember{"post_mix", f.post_mix_256}));
}

TEST_F(Records, AttemptRoundTripsExactly) {
  const auto f = testing::build_store_fixture(db);
  AttemptRecord a = testing::fixture_op_attempt(f.run, f.large, "post_mix", f.post_mix_256, 77.25);
  a.verification.seed = (uint64_t{1} << 62) + 12345;  // a large seed survives the signed column
  a.verification.worst_index = 4'000'000'000LL;
  a.timing->kernels_sum_median_us.reset();
  a.timing->noise_target_met = false;
  a.message = "TEST-FIXTURE message, with a comma and \"quotes\"";
  a.log = "line 1\nline 2";
  a.created_at = "2000-01-01T00:00:01.000Z";
  const AttemptId id = db.record_attempt(a);
  const auto attempts = db.attempts();
  ASSERT_EQ(attempts.back().id, id);
  EXPECT_EQ(attempts.back().record, a);
}

TEST_F(Records, UpsertsReturnTheSameRowForTheSameNaturalKey) {
  const DeviceId device = db.upsert_device(testing::fixture_device());
  EXPECT_EQ(db.upsert_device(testing::fixture_device()), device);
  auto newer_driver = testing::fixture_device();
  newer_driver.driver_version = "13.1";
  EXPECT_NE(db.upsert_device(newer_driver), device);

  const ProblemId problem = db.upsert_problem(testing::fixture_problem(320));
  EXPECT_EQ(db.upsert_problem(testing::fixture_problem(320)), problem);
  Problem production = testing::fixture_problem(320);
  production.convention = Convention::production;
  production.constants = production_constants();
  EXPECT_NE(db.upsert_problem(production), problem);
  Problem other_eps = testing::fixture_problem(320);
  other_eps.constants.rms_eps = 1e-6;
  EXPECT_NE(db.upsert_problem(other_eps), problem);

  db.upsert_source({"fixture-hash", "a.cu", "// TEST-FIXTURE"});
  db.upsert_source({"fixture-hash", "a.cu", "// TEST-FIXTURE"});
  EXPECT_EQ(db.sources().size(), 1u);
  const VariantRecord v{"post_mix", "threads=128", "fixture-hash", "sm_90a", ""};
  const VariantId variant = db.upsert_variant(v);
  EXPECT_EQ(db.upsert_variant(v), variant);
  EXPECT_NE(db.upsert_variant({"post_mix", "threads=128", "fixture-hash", "sm_100a", ""}), variant);
  EXPECT_EQ(db.devices().size(), 2u);
  EXPECT_EQ(db.problems().size(), 3u);
  EXPECT_EQ(db.variants().size(), 2u);
}

TEST_F(Records, FailedCompilationIsReplacedButOkStays) {
  db.upsert_source({"fixture-hash", "a.cu", "// TEST-FIXTURE"});
  const VariantId v = db.upsert_variant({"post_mix", "threads=128", "fixture-hash", "sm_90a", ""});
  CompilationRecord c{v, "fixture-key", CompileOutcome::timeout, "TEST-FIXTURE timeout", 30000.0};
  const CompilationId id = db.upsert_compilation(c);
  c.outcome = CompileOutcome::ok;
  c.log = "";
  c.registers = 32;
  EXPECT_EQ(db.upsert_compilation(c), id);
  EXPECT_EQ(db.compilations()[0].record, c);
  CompilationRecord later = c;
  later.compile_ms = 1.0;
  db.upsert_compilation(later);
  EXPECT_EQ(db.compilations()[0].record.compile_ms, c.compile_ms);
}

TEST_F(Records, SourceForeignKeyIsEnforced) {
  EXPECT_THROW(db.upsert_variant({"post_mix", "threads=128", "no-such-hash", "sm_90a", ""}),
               SqliteError);
}

TEST_F(Records, MalformedAttemptsAreRejected) {
  const auto f = testing::build_store_fixture(db);
  auto no_variant = testing::fixture_op_attempt(f.run, f.small, "post_mix", f.post_mix_128, 1.0);
  no_variant.variant_id.reset();
  EXPECT_THROW(db.record_attempt(no_variant), std::invalid_argument);
  auto pipeline_without_members =
      testing::fixture_pipeline_attempt(f.run, f.small, "fused", {}, 1.0);
  EXPECT_THROW(db.record_attempt(pipeline_without_members), std::invalid_argument);
  auto timed_but_wrong =
      testing::fixture_op_attempt(f.run, f.small, "post_mix", f.post_mix_128, 1.0);
  timed_but_wrong.outcome = AttemptOutcome::wrong;
  EXPECT_THROW(db.record_attempt(timed_but_wrong), std::invalid_argument);
  EXPECT_EQ(static_cast<int>(db.attempts().size()), f.attempts);
}

TEST_F(Records, DuplicateAttemptUuidIsAnErrorOrSkipped) {
  const auto f = testing::build_store_fixture(db);
  const auto a = testing::fixture_op_attempt(f.run, f.small, "post_mix", f.post_mix_128, 1.0);
  const AttemptId id = db.record_attempt(a);
  EXPECT_THROW(db.record_attempt(a), std::invalid_argument);
  EXPECT_FALSE(db.record_attempt_if_new(a).has_value());
  EXPECT_EQ(db.attempts().back().id, id);
  EXPECT_THROW(db.begin_run(testing::fixture_run(f.device, "run-test-fixture-0001")),
               std::invalid_argument);
}

TEST_F(Records, AttemptAndMembersAreOneTransaction) {
  const auto f = testing::build_store_fixture(db);
  // The second member names a variant that does not exist: the member insert fails, and the
  // attempt row written just before it in the same transaction must be gone too.
  auto broken = testing::fixture_pipeline_attempt(
      f.run, f.small, "fused", {{"pre_aggregate", f.pre_aggregate_128}, {"post_mix", 9999}}, 1.0);
  EXPECT_THROW(db.record_attempt(broken), SqliteError);
  EXPECT_EQ(static_cast<int>(db.attempts().size()), f.attempts);
  EXPECT_FALSE(db.connection().in_transaction());
  db.record_attempt(testing::fixture_op_attempt(f.run, f.small, "post_mix", f.post_mix_128, 1.0));
  EXPECT_EQ(static_cast<int>(db.attempts().size()), f.attempts + 1);
}

TEST_F(Records, FinishRunRecordsStatusAndBandwidth) {
  const DeviceId device = db.upsert_device(testing::fixture_device());
  auto run = testing::fixture_run(device, "run-test-fixture-finish");
  run.started_at.clear();
  run.copy_bandwidth_gbps.reset();
  const RunId id = db.begin_run(run);
  EXPECT_EQ(db.runs()[0].record.status, RunStatus::running);
  EXPECT_FALSE(db.runs()[0].record.started_at.empty());  // filled in with the time of begin_run
  EXPECT_TRUE(db.runs()[0].record.finished_at.empty());
  db.finish_run(id, RunStatus::interrupted, std::nullopt);
  EXPECT_EQ(db.runs()[0].record.status, RunStatus::interrupted);
  EXPECT_FALSE(db.runs()[0].record.copy_bandwidth_gbps.has_value());
  EXPECT_THROW(db.finish_run(id + 100, RunStatus::finished, 1.0), std::invalid_argument);
}

}  // namespace
}  // namespace mhc::store
