// The questions asked of a stored sweep: winners (only verified, timed attempts win), --resume,
// and table sizes.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <map>

#include "common/store_fixture.hpp"
#include "store/scratch_directory.hpp"
#include "store/tuning_database.hpp"

namespace mhc::store {
namespace {

using testing::ScratchDirectory;

class Queries : public ::testing::Test {
 protected:
  ScratchDirectory dir;
  TuningDatabase db = TuningDatabase::open_for_write(dir.file("tuning.db"));
  testing::StoreFixture f = testing::build_store_fixture(db);
};

TEST_F(Queries, OpWinnersAreTheFastestVerifiedVariants) {
  const auto winners = db.op_winners();
  ASSERT_EQ(winners.size(), 3u);  // post_mix x 2 problems, pre_aggregate x 1
  EXPECT_EQ(winners[0].problem_id, f.small);
  EXPECT_EQ(winners[0].op, "post_mix");
  EXPECT_EQ(winners[0].variant_id, f.post_mix_256);
  EXPECT_DOUBLE_EQ(winners[0].median_us, 10.0);
  EXPECT_FALSE(winners[0].attempt_uuid.empty());
  EXPECT_EQ(winners[1].op, "pre_aggregate");
  EXPECT_EQ(winners[2].problem_id, f.large);
  EXPECT_EQ(winners[2].variant_id, f.post_mix_128);
  EXPECT_EQ(winners[2].device_id, f.device);
  EXPECT_EQ(winners[2].cache_mode, CacheMode::cold);
}

TEST_F(Queries, PipelineWinnerCarriesItsMembers) {
  const auto winners = db.pipeline_winners();
  ASSERT_EQ(winners.size(), 1u);
  EXPECT_EQ(winners[0].pipeline, "fused");
  EXPECT_DOUBLE_EQ(winners[0].median_us, 20.0);
  ASSERT_EQ(winners[0].members.size(), 2u);
  EXPECT_EQ(winners[0].members[0].variant_id, f.pre_aggregate_128);
  EXPECT_EQ(winners[0].members[1].variant_id, f.post_mix_256);
}

TEST_F(Queries, OnlyOkWithTimingEverWins) {
  // Rows the API would refuse, written straight into the table: a 'wrong' attempt carrying a
  // faster median, and an 'ok' attempt without one. Neither may win.
  db.connection().execute(fmt::format(R"(
    INSERT INTO attempts (uuid, run_id, problem_id, subject_kind, subject_name, variant_id, role,
      outcome, message, log, cache_mode, timer, median_us, created_at)
    VALUES ('fixture-wrong', {0}, {1}, 'op', 'post_mix', {2}, 'candidate', 'wrong', '', '',
            'cold', 'cupti', 0.5, 'x'),
           ('fixture-untimed', {0}, {1}, 'op', 'post_mix', {2}, 'candidate', 'ok', '', '',
            'cold', NULL, NULL, 'x'))",
                                      f.run, f.small, f.post_mix_128),
                          "TEST-FIXTURE rows");
  EXPECT_EQ(db.op_winners()[0].variant_id, f.post_mix_256);
  EXPECT_DOUBLE_EQ(db.op_winners()[0].median_us, 10.0);
}

TEST_F(Queries, HotAndColdTimingsAreNeverCompared) {
  auto hot = testing::fixture_op_attempt(f.run, f.small, "post_mix", f.post_mix_128, 1.0);
  hot.cache_mode = CacheMode::hot;
  db.record_attempt(hot);
  const auto winners = db.op_winners();
  ASSERT_EQ(winners.size(), 4u);  // ordered by device, problem, cache mode ("cold" < "hot"), op
  EXPECT_EQ(winners[0].cache_mode, CacheMode::cold);
  EXPECT_EQ(winners[0].variant_id, f.post_mix_256);
  EXPECT_EQ(winners[2].cache_mode, CacheMode::hot);
  EXPECT_EQ(winners[2].variant_id, f.post_mix_128);
}

TEST_F(Queries, WinnersAreSeparatePerDevice) {
  auto other = testing::fixture_device("GPU-TEST-FIXTURE-0002");
  other.name = "TEST-FIXTURE GPU B";
  const DeviceId device = db.upsert_device(other);
  const RunId run = db.begin_run(testing::fixture_run(device, "run-test-fixture-0002"));
  db.record_attempt(testing::fixture_op_attempt(run, f.small, "post_mix", f.post_mix_128, 3.0));
  int on_b = 0;
  for (const auto& w : db.op_winners())
    if (w.device_id == device) {
      ++on_b;
      EXPECT_EQ(w.variant_id, f.post_mix_128);
    }
  EXPECT_EQ(on_b, 1);
}

TEST_F(Queries, ResumeFindsStoredOpAttempts) {
  AttemptKey key{f.device,       f.small, SubjectKind::op, "post_mix",
                 f.post_mix_256, {},      CacheMode::cold};
  EXPECT_TRUE(db.is_done(key));
  key.cache_mode = CacheMode::hot;
  EXPECT_FALSE(db.is_done(key));
  key.cache_mode = CacheMode::cold;
  key.problem_id = f.large;
  EXPECT_FALSE(db.is_done(key));
  key.variant_id = f.post_mix_128;
  EXPECT_TRUE(db.is_done(key));
  // A failed compile counts as done (it would fail again); a skipped attempt never ran.
  EXPECT_TRUE(db.is_done(
      {f.device, f.small, SubjectKind::op, "post_mix", f.post_mix_512, {}, CacheMode::cold}));
  auto skipped =
      testing::fixture_op_attempt(f.run, f.large, "pre_aggregate", f.pre_aggregate_128, 0.0);
  skipped.outcome = AttemptOutcome::skipped;
  skipped.timing.reset();
  db.record_attempt(skipped);
  EXPECT_FALSE(db.is_done({f.device,
                           f.large,
                           SubjectKind::op,
                           "pre_aggregate",
                           f.pre_aggregate_128,
                           {},
                           CacheMode::cold}));
  const DeviceId other = db.upsert_device(testing::fixture_device("GPU-TEST-FIXTURE-0003"));
  EXPECT_FALSE(db.is_done(
      {other, f.small, SubjectKind::op, "post_mix", f.post_mix_256, {}, CacheMode::cold}));
}

TEST_F(Queries, ResumeComparesPipelineMembersInOrder) {
  AttemptKey key{f.device,       f.small,      SubjectKind::pipeline,
                 "fused",        std::nullopt, {f.pre_aggregate_128, f.post_mix_256},
                 CacheMode::cold};
  EXPECT_TRUE(db.is_done(key));
  key.member_variants = {f.post_mix_256, f.pre_aggregate_128};
  EXPECT_FALSE(db.is_done(key));
  key.member_variants = {f.pre_aggregate_128};
  EXPECT_FALSE(db.is_done(key));
  key.member_variants = {f.pre_aggregate_128, f.post_mix_128};
  EXPECT_FALSE(db.is_done(key));  // those members were stored as "unfused"
  key.subject_name = "unfused";
  EXPECT_TRUE(db.is_done(key));
}

TEST_F(Queries, CountsEveryTableInSchemaOrder) {
  const auto counts = db.table_counts();
  ASSERT_EQ(counts.size(), 8u);
  EXPECT_EQ(counts[0].table, "devices");
  std::map<std::string, int64_t> rows;
  for (const auto& c : counts) rows[c.table] = c.rows;
  EXPECT_EQ(rows["attempts"], f.attempts);
  EXPECT_EQ(rows["pipeline_members"], 4);
  EXPECT_EQ(rows["variants"], 4);
  EXPECT_EQ(rows["problems"], 2);
  EXPECT_EQ(db.attempts_per_run().at(f.run), f.attempts);
}

}  // namespace
}  // namespace mhc::store
