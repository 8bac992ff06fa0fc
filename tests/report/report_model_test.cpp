// The report model on the fixture databases: which attempts count, every number's definition,
// every gap, the grouping of the seed's tables, --gpu and --compare.
#include <gtest/gtest.h>

#include "core/errors.hpp"
#include "report_databases.hpp"

namespace mhc::report {
namespace {

class ReportModelTest : public ::testing::Test {
 protected:
  testing::ReportDatabases dbs;
  ReportModel model = dbs.this_model();

  const ProblemResult& result(HPath path, Direction d, Shape s, Dtype dtype = Dtype::f32) {
    for (const auto& r : model.problems)
      if (r.problem.path == path && r.problem.direction == d && r.problem.shape == s &&
          r.problem.residual_dtype == dtype)
        return r;
    throw std::runtime_error("no such result in the fixture");
  }
};

TEST_F(ReportModelTest, SpeedupIsBaselineOverTheFastestVerifiedPipeline) {
  const auto& r = result(HPath::static_h, Direction::forward, {320, 1280, 4});
  EXPECT_EQ(*r.baseline_us.value, 100.0);
  EXPECT_EQ(*r.tuned_us.value, 20.0);
  EXPECT_DOUBLE_EQ(*r.speedup.value, 5.0);
  EXPECT_DOUBLE_EQ(*r.tuning_gain.value, 25.0 / 20.0);
  EXPECT_EQ(r.tuned_vs_default, ChangeLabel::fast);
  ASSERT_TRUE(r.tuned);
  EXPECT_EQ(r.tuned->pipeline, "fused");
  EXPECT_EQ(r.tuned->role, store::AttemptRole::tuned);
  ASSERT_EQ(r.tuned->members.size(), 2u);
  EXPECT_EQ(r.tuned->members[1].op, "post_mix");
  EXPECT_EQ(r.tuned->members[1].params, "threads=256,vec=4");
}

TEST_F(ReportModelTest, TheLatestMeasurementOfAThingSupersedesOlderOnes) {
  EXPECT_EQ(model.attempts_stored, 31);
  EXPECT_EQ(model.attempts_used, 29);  // run 2 re-measured one pipeline and one op
  const auto& r = result(HPath::dynamic_h, Direction::forward, {320, 1280, 4});
  EXPECT_EQ(*r.tuned_us.value, 29.9);  // not run 1's faster 27.0
  EXPECT_EQ(model.runs.at(r.tuned->run).run.uuid, "this-run-2");
  EXPECT_EQ(r.tuned_vs_default, ChangeLabel::same);        // 29.9 vs 30.0 is within 0.4% noise
  EXPECT_EQ(r.share_of_copy.gap, Gap::no_copy_bandwidth);  // run 2 measured none
  EXPECT_TRUE(r.share_of_peak.has_value());
}

TEST_F(ReportModelTest, BandwidthIsFloorBytesOverTunedTime) {
  const auto& r = result(HPath::static_h, Direction::forward, {320, 1280, 4});
  EXPECT_EQ(*r.floor_bytes.value, 20'971'520.0);
  EXPECT_DOUBLE_EQ(*r.achieved_gbps.value, 20'971'520.0 / 20.0 / 1e3);
  EXPECT_DOUBLE_EQ(*r.share_of_copy.value, *r.achieved_gbps.value / 3000.0);
  EXPECT_DOUBLE_EQ(*r.share_of_peak.value, *r.achieved_gbps.value / 3352.3);
}

TEST_F(ReportModelTest, EveryMissingNumberSaysWhy) {
  const auto& failed = result(HPath::static_h, Direction::backward, {320, 1280, 4});
  EXPECT_EQ(failed.speedup.gap, Gap::baseline_failed);
  EXPECT_FALSE(failed.speedup.has_value());
  EXPECT_EQ(failed.tuning_gain.value, 1.0);  // the default pipeline is the tuned one

  const auto& no_default = result(HPath::dynamic_h, Direction::backward, {320, 1280, 4});
  EXPECT_EQ(no_default.default_us.gap, Gap::no_default);
  EXPECT_EQ(no_default.tuning_gain.gap, Gap::no_default);
  EXPECT_FALSE(no_default.tuned_vs_default);
  EXPECT_DOUBLE_EQ(*no_default.speedup.value, 5.0);

  const auto& n32 = result(HPath::dynamic_h, Direction::forward, {32, 1280, 32});
  EXPECT_EQ(n32.speedup.gap, Gap::no_baseline);
  EXPECT_EQ(n32.achieved_gbps.gap, Gap::no_bytes);

  EXPECT_EQ(result(HPath::dynamic_h, Direction::forward, {2560, 1280, 4}).tuned_us.gap,
            Gap::no_tuned);
  EXPECT_EQ(result(HPath::static_h, Direction::forward, {32, 1280, 32}).tuned_us.gap,
            Gap::no_pipeline);
}

TEST_F(ReportModelTest, OutcomesCountTheAttemptsUsed) {
  const auto find = [&](store::SubjectKind kind, const std::string& name) {
    for (const auto& c : model.outcomes)
      if (c.kind == kind && c.name == name) return c;
    throw std::runtime_error("no outcome row " + name);
  };
  const auto projection = find(store::SubjectKind::op, "dyn_projection");
  EXPECT_EQ(projection.total(), 4);
  EXPECT_EQ(projection.count(store::AttemptOutcome::ok), 2);  // run 2 re-measured the wrong one
  EXPECT_EQ(projection.count(store::AttemptOutcome::wrong), 0);
  EXPECT_EQ(projection.count(store::AttemptOutcome::fault), 1);
  EXPECT_EQ(projection.count(store::AttemptOutcome::timeout), 1);
  EXPECT_EQ(find(store::SubjectKind::op, "post_mix").count(store::AttemptOutcome::compile_error),
            1);
  EXPECT_EQ(find(store::SubjectKind::pipeline, "fused").count(store::AttemptOutcome::skipped), 1);
  EXPECT_EQ(find(store::SubjectKind::pipeline, "naive").count(store::AttemptOutcome::wrong), 2);
}

TEST_F(ReportModelTest, TablesArePerDtypeAndConventionWithPaperShapesFirst) {
  ASSERT_EQ(model.groups.size(), 2u);
  const auto& paper = model.groups[0];
  EXPECT_EQ(paper.residual_dtype, Dtype::f32);
  EXPECT_EQ(paper.convention, Convention::paper);
  ASSERT_EQ(paper.static_h.rows.size(), 3u);
  EXPECT_EQ(paper.static_h.rows[0].shape, (Shape{320, 1280, 4}));
  EXPECT_EQ(paper.static_h.rows[1].shape, (Shape{2560, 1280, 4}));  // the paper's order
  EXPECT_EQ(paper.static_h.rows[2].shape, (Shape{32, 1280, 32}));
  EXPECT_EQ(paper.dynamic_h.rows.size(), paper.static_h.rows.size());
  EXPECT_EQ(paper.static_h.rows[1].forward.speedup.gap, Gap::not_swept);
  EXPECT_EQ(paper.paper_shapes_not_swept.size(), 6u);
  const auto& production = model.groups[1];
  EXPECT_EQ(production.residual_dtype, Dtype::bf16);
  EXPECT_FALSE(production.static_h.swept);
  EXPECT_TRUE(production.dynamic_h.swept);
  EXPECT_EQ(production.timers, std::vector<store::Timer>{store::Timer::events});
}

TEST_F(ReportModelTest, TimingSummaryCoversRepetitionsNoiseAndClocks) {
  EXPECT_EQ(model.timing.timed_attempts, 21);
  EXPECT_EQ(model.timing.min_repetitions, 100);
  EXPECT_EQ(model.timing.max_repetitions, 1000);
  EXPECT_DOUBLE_EQ(model.timing.max_noise, 0.03);
  EXPECT_EQ(model.timing.noise_target_missed, 1);
  EXPECT_EQ(model.timing.min_sm_clock_mhz, 1755.0);
  EXPECT_EQ(model.timing.max_sm_clock_mhz, 1980.0);
}

TEST_F(ReportModelTest, GpuOptionSelectsDevicesByNameOrUuid) {
  // Merge the other fixture's device into a copy, so one database holds two GPUs.
  auto two = dbs.dir.file("two.db");
  std::filesystem::copy_file(dbs.other_db, two);
  {
    auto db = store::TuningDatabase::open_for_write(two);
    testing::build_report_fixture(db);
  }
  const auto both = testing::ReportDatabases::model_of(two, "two.db");
  EXPECT_EQ(both.devices.size(), 2u);
  const auto b = testing::ReportDatabases::model_of(two, "two.db", "gpu b");
  ASSERT_EQ(b.devices.size(), 1u);
  EXPECT_EQ(b.devices[0].name, "TEST-FIXTURE GPU B");
  EXPECT_EQ(b.runs.size(), 1u);
  EXPECT_EQ(b.attempts_stored, 10);
  const auto by_uuid = testing::ReportDatabases::model_of(two, "two.db", "GPU-TEST-FIXTURE-0001");
  ASSERT_EQ(by_uuid.devices.size(), 1u);
  EXPECT_EQ(by_uuid.attempts_stored, 31);
  EXPECT_THROW(testing::ReportDatabases::model_of(two, "two.db", "A100"), UsageError);
}

TEST_F(ReportModelTest, ComparisonLabelsEachProblemAgainstTheOtherDatabase) {
  const auto compared = dbs.compared_model();
  ASSERT_TRUE(compared.comparison);
  const auto& rows = compared.comparison->rows;
  ASSERT_EQ(rows.size(), 9u);  // 8 problems here, 1 only there
  const auto row = [&](HPath path, Direction d, Shape s) {
    for (const auto& r : rows)
      if (r.problem.path == path && r.problem.direction == d && r.problem.shape == s) return r;
    throw std::runtime_error("no comparison row");
  };
  EXPECT_EQ(row(HPath::static_h, Direction::forward, {320, 1280, 4}).label, ChangeLabel::fast);
  EXPECT_DOUBLE_EQ(*row(HPath::static_h, Direction::forward, {320, 1280, 4}).ratio.value, 0.8);
  EXPECT_EQ(row(HPath::dynamic_h, Direction::forward, {320, 1280, 4}).label, ChangeLabel::same);
  EXPECT_EQ(row(HPath::dynamic_h, Direction::backward, {320, 1280, 4}).label,
            ChangeLabel::ambiguous);
  EXPECT_EQ(row(HPath::dynamic_h, Direction::forward, {32, 1280, 32}).label, ChangeLabel::slow);
  const auto only_here = row(HPath::static_h, Direction::backward, {320, 1280, 4});
  EXPECT_EQ(only_here.other_us.gap, Gap::not_in_other);
  EXPECT_FALSE(only_here.label);
  const auto only_there = row(HPath::static_h, Direction::backward, {512, 1920, 4});
  EXPECT_EQ(only_there.this_us.gap, Gap::not_in_this);
  EXPECT_EQ(*only_there.other_us.value, 50.0);
  EXPECT_EQ(only_there.other_device, "TEST-FIXTURE GPU B");
}

TEST_F(ReportModelTest, EmptyDatabaseHasNothingToReport) {
  const auto empty = testing::ReportDatabases::model_of(dbs.empty_db, "empty.db");
  EXPECT_EQ(empty.attempts_used, 0);
  EXPECT_TRUE(empty.problems.empty());
  EXPECT_TRUE(empty.groups.empty());
}

}  // namespace
}  // namespace mhc::report
