// Which (problem, op, point) candidates a sweep measures: every valid point, a budget per op
// (first N or a seeded sample), the default always first, --ops and --defaults-only, and shards.
#include "plan/candidates.hpp"

#include <gtest/gtest.h>

#include <set>

#include "core/errors.hpp"
#include "ops/registry.hpp"

namespace mhc {
namespace {

Problem static_forward(int64_t tokens = 320) {
  Problem p;
  p.path = HPath::static_h;
  p.shape = {tokens, 1280, 4};
  return p;
}

std::vector<OpCandidate> of_op(const std::vector<OpCandidate>& all, const std::string& op) {
  std::vector<OpCandidate> out;
  for (const auto& c : all)
    if (c.op->name == op) out.push_back(c);
  return out;
}

TEST(Candidates, ExhaustiveListsEveryValidPointOnceWithTheDefaultFirst) {
  const auto all = plan_op_candidates({static_forward()}, {});
  const auto post = of_op(all, "post_mix");
  ASSERT_FALSE(post.empty());
  EXPECT_TRUE(post.front().is_default);
  EXPECT_EQ(post.front().point, find_op("post_mix").default_point());
  std::set<std::string> seen;
  for (const auto& c : post) {
    EXPECT_TRUE(find_op("post_mix").invalid_reason(c.problem, c.point).empty());
    EXPECT_TRUE(seen.insert(c.point.to_string()).second) << "twice: " << c.point.to_string();
  }
  // Every op listed is tunable for the problem: verifiable alone, with axes, used by a pipeline.
  for (const auto& c : all) {
    EXPECT_TRUE(c.op->verifiable_alone) << c.op->name;
    EXPECT_FALSE(c.op->axes.empty()) << c.op->name;
  }
}

TEST(Candidates, BudgetKeepsTheDefaultPlusAtMostNAndRandomIsSeeded) {
  SearchOptions first;
  first.max_points_per_op = 3;
  const auto post = of_op(plan_op_candidates({static_forward()}, first), "post_mix");
  EXPECT_LE(post.size(), 4u);  // the default is on top of the budget
  EXPECT_GE(post.size(), 3u);
  EXPECT_TRUE(post.front().is_default);

  SearchOptions random = first;
  random.strategy = SearchStrategy::random;
  random.seed = 7;
  const auto a = of_op(plan_op_candidates({static_forward()}, random), "post_mix");
  const auto b = of_op(plan_op_candidates({static_forward()}, random), "post_mix");
  ASSERT_EQ(a.size(), b.size());
  for (size_t i = 0; i < a.size(); ++i) EXPECT_EQ(a[i].point, b[i].point);
  // Planning a problem alone samples what planning it among others does.
  const auto among =
      of_op(plan_op_candidates({static_forward(2560), static_forward()}, random), "post_mix");
  std::vector<ParamPoint> same_problem;
  for (const auto& c : among)
    if (c.problem == static_forward()) same_problem.push_back(c.point);
  ASSERT_EQ(same_problem.size(), a.size());
  for (size_t i = 0; i < a.size(); ++i) EXPECT_EQ(same_problem[i], a[i].point);
}

TEST(Candidates, OpsFilterAndDefaultsOnly) {
  SearchOptions only;
  only.ops = {"post_mix"};
  for (const auto& c : plan_op_candidates({static_forward()}, only))
    EXPECT_EQ(c.op->name, "post_mix");

  SearchOptions defaults;
  defaults.defaults_only = true;
  const auto all = plan_op_candidates({static_forward()}, defaults);
  ASSERT_FALSE(all.empty());
  std::set<std::string> ops;
  for (const auto& c : all) {
    EXPECT_TRUE(c.is_default) << c.op->name;
    EXPECT_EQ(c.point, c.op->default_point());
    EXPECT_TRUE(ops.insert(c.op->name).second) << "twice: " << c.op->name;
  }
}

TEST(Candidates, ShardsSplitProblemsWithoutOverlap) {
  const std::vector<Problem> problems = {static_forward(1), static_forward(2), static_forward(3),
                                         static_forward(4), static_forward(5)};
  size_t total = 0;
  for (int k = 1; k <= 2; ++k)
    total += select_shard(problems, parse_shard(std::to_string(k) + "/2")).size();
  EXPECT_EQ(total, problems.size());
  EXPECT_EQ(select_shard(problems, parse_shard("1/2")).front(), problems[0]);
  EXPECT_EQ(select_shard(problems, parse_shard("2/2")).front(), problems[1]);
  for (const char* bad : {"0/2", "3/2", "1/0", "x", "1/", "/2"})
    EXPECT_THROW(parse_shard(bad), UsageError) << bad;
  EXPECT_THROW(parse_strategy("greedy"), UsageError);
}

}  // namespace
}  // namespace mhc
