// Merging databases: rows matched by natural key or uuid, ids translated, and idempotent.
#include <gtest/gtest.h>

#include "common/store_fixture.hpp"
#include "store/database_merge.hpp"
#include "store/scratch_directory.hpp"
#include "store/tuning_database.hpp"

namespace mhc::store {
namespace {

using testing::ScratchDirectory;

std::map<std::string, int64_t> rows_by_table(TuningDatabase& db) {
  std::map<std::string, int64_t> rows;
  for (const auto& c : db.table_counts()) rows[c.table] = c.rows;
  return rows;
}

int64_t total(const std::vector<TableCount>& counts) {
  int64_t sum = 0;
  for (const auto& c : counts) sum += c.rows;
  return sum;
}

class Merge : public ::testing::Test {
 protected:
  ScratchDirectory dir;
  TuningDatabase node_a = TuningDatabase::open_for_write(dir.file("node_a.db"));
  TuningDatabase node_b = TuningDatabase::open_for_write(dir.file("node_b.db"));
  TuningDatabase merged = TuningDatabase::open_for_write(dir.file("merged.db"));
};

TEST_F(Merge, IntoEmptyCopiesEverythingAndTwiceAddsNothing) {
  testing::build_store_fixture(node_a);
  const auto added = merge_database(merged, node_a);
  EXPECT_EQ(rows_by_table(merged), rows_by_table(node_a));
  EXPECT_EQ(total(added), total(node_a.table_counts()));

  const auto again = merge_database(merged, node_a);
  EXPECT_EQ(total(again), 0);
  EXPECT_EQ(rows_by_table(merged), rows_by_table(node_a));

  // Same content, row for row (ids happen to match in a fresh target).
  const auto from = node_a.attempts();
  const auto into = merged.attempts();
  ASSERT_EQ(from.size(), into.size());
  for (size_t i = 0; i < from.size(); ++i) EXPECT_EQ(from[i].record, into[i].record);
}

TEST_F(Merge, SharedRowsMatchByNaturalKeyAndIdsAreTranslated) {
  // Node B has a problem and a variant node A lacks, inserted first so its ids differ from A's.
  node_b.upsert_problem(testing::fixture_problem(4096));
  node_b.upsert_source({"fixture-source-hash-post-mix", "post_mix.cu", "// TEST-FIXTURE\n"});
  node_b.upsert_variant(
      {"post_mix", "threads=64,vec=2", "fixture-source-hash-post-mix", "sm_90a", "-std=c++17"});
  const auto b = testing::build_store_fixture(node_b, "run-test-fixture-node-b");
  testing::build_store_fixture(node_a, "run-test-fixture-node-a");
  // A faster post_mix on node B for the small problem, via its own ids.
  node_b.record_attempt(
      testing::fixture_op_attempt(b.run, b.small, "post_mix", b.post_mix_512, 2.0));

  merge_database(merged, node_a);
  const auto added = merge_database(merged, node_b);
  const auto rows = rows_by_table(merged);
  EXPECT_EQ(rows.at("devices"), 1);   // same GPU and toolchain on both nodes
  EXPECT_EQ(rows.at("problems"), 3);  // 320 and 2560 shared, 4096 from node B
  EXPECT_EQ(rows.at("variants"), 5);  // 4 shared, threads=64 from node B
  EXPECT_EQ(rows.at("runs"), 2);
  EXPECT_EQ(rows.at("attempts"), 7 + 8);
  EXPECT_EQ(total(added), 1 + 1 + 1 + 8 + 4);  // problem, variant, run, attempts, members

  // The winner is node B's attempt, found through translated ids.
  const auto winner = merged.op_winners()[0];
  EXPECT_DOUBLE_EQ(winner.median_us, 2.0);
  bool params_match = false;
  for (const auto& [id, v] : merged.variants())
    if (id == winner.variant_id) params_match = v.params == "threads=512,vec=8";
  EXPECT_TRUE(params_match);
  EXPECT_EQ(total(merge_database(merged, node_b)), 0);
}

TEST_F(Merge, RunFinishedElsewhereCompletesARunningCopy) {
  const DeviceId device = node_a.upsert_device(testing::fixture_device());
  const RunId run = node_a.begin_run(testing::fixture_run(device, "run-test-fixture-live"));
  merge_database(merged, node_a);
  EXPECT_EQ(merged.runs()[0].record.status, RunStatus::running);
  node_a.finish_run(run, RunStatus::finished, 2500.0);
  merge_database(merged, node_a);
  EXPECT_EQ(merged.runs()[0].record.status, RunStatus::finished);
  EXPECT_EQ(merged.runs()[0].record.copy_bandwidth_gbps, 2500.0);
  EXPECT_EQ(merged.runs().size(), 1u);
}

TEST_F(Merge, ReadOnlySourceIsNotModified) {
  testing::build_store_fixture(node_a);
  TuningDatabase source = TuningDatabase::open_for_read(dir.file("node_a.db"));
  EXPECT_EQ(total(merge_database(merged, source)), total(node_a.table_counts()));
  EXPECT_THROW(source.upsert_problem(testing::fixture_problem(1)), SqliteError);  // read-only
}

}  // namespace
}  // namespace mhc::store
