#include "core/problem.hpp"

#include <gtest/gtest.h>

#include "core/errors.hpp"

namespace mhc {
namespace {

TEST(Problem, NamesRoundTrip) {
  for (auto p : {HPath::static_h, HPath::dynamic_h}) EXPECT_EQ(parse_path(to_string(p)), p);
  for (auto d : {Direction::forward, Direction::backward})
    EXPECT_EQ(parse_direction(to_string(d)), d);
  for (auto t : {Dtype::f32, Dtype::bf16}) EXPECT_EQ(parse_dtype(to_string(t)), t);
  for (auto c : {Convention::paper, Convention::production})
    EXPECT_EQ(parse_convention(to_string(c)), c);
}

TEST(Problem, UnknownNameListsAllowedValues) {
  try {
    parse_dtype("fp8");
    FAIL() << "fp8 was accepted";
  } catch (const UsageError& e) {
    EXPECT_STREQ(e.what(), "unknown dtype 'fp8' (allowed: f32, bf16)");
  }
}

TEST(Problem, DescribesItselfCompletely) {
  Problem p;
  p.path = HPath::static_h;
  p.direction = Direction::backward;
  p.shape = {320, 1280, 4};
  p.residual_dtype = Dtype::bf16;
  p.convention = Convention::production;
  EXPECT_EQ(to_string(p), "static/backward/bf16/production/320,1280,4");
  EXPECT_EQ(p.shape.elements(), 320 * 1280 * 4);
}

TEST(Problem, ConventionsHaveTheirDocumentedConstants) {
  const auto paper = default_constants(Convention::paper);
  EXPECT_EQ(paper.sinkhorn_iters, 20);
  EXPECT_DOUBLE_EQ(paper.post_mult, 2.0);
  EXPECT_DOUBLE_EQ(paper.sinkhorn_eps, 1e-5);
  const auto production = default_constants(Convention::production);
  EXPECT_DOUBLE_EQ(production.post_mult, 1.0);
  EXPECT_DOUBLE_EQ(production.sinkhorn_eps, 1e-6);
  EXPECT_NE(paper, production);
}

}  // namespace
}  // namespace mhc
