// Consistency of the op and pipeline registry: the rules every definition must keep.
#include "ops/registry.hpp"

#include <gtest/gtest.h>

#include <set>

#include "plan/shape_catalog.hpp"

namespace mhc {
namespace {

std::vector<Problem> paper_problems() {
  std::vector<Problem> problems;
  for (const auto& shape : find_shape_set("paper").shapes)
    for (auto path : {HPath::static_h, HPath::dynamic_h})
      for (auto direction : {Direction::forward, Direction::backward})
        for (auto dtype : {Dtype::f32, Dtype::bf16})
          for (auto convention : {Convention::paper, Convention::production}) {
            Problem p;
            p.path = path;
            p.direction = direction;
            p.shape = shape;
            p.residual_dtype = dtype;
            p.convention = convention;
            p.constants = default_constants(convention);
            problems.push_back(p);
          }
  return problems;
}

TEST(OpRegistry, NamesAreUniqueAndDefaultsAreOnTheirAxes) {
  std::set<std::string> names;
  for (const auto& op : op_registry()) {
    EXPECT_TRUE(names.insert(op.name).second) << "duplicate op " << op.name;
    EXPECT_FALSE(op.source.empty()) << op.name;
    EXPECT_FALSE(op.writes.empty()) << op.name;
    ASSERT_TRUE(op.kernel_name && op.geometry && op.min_bytes && op.invalid_reason) << op.name;
    for (const auto& axis : op.axes)
      EXPECT_NE(std::find(axis.values.begin(), axis.values.end(), axis.default_value),
                axis.values.end())
          << op.name << "." << axis.name;
  }
}

TEST(OpRegistry, DefaultVariantIsValidForEveryPaperProblemItServes) {
  for (const auto& p : paper_problems())
    for (const auto& op : op_registry()) {
      if (!op.serves(p)) continue;
      const auto point = op.default_point();
      EXPECT_EQ(op.invalid_reason(p, point), "") << op.name << " on " << to_string(p);
      const auto g = op.geometry(p, point);
      EXPECT_GE(g.threads(), 1) << op.name;
      EXPECT_LE(g.block[0] * g.block[1] * g.block[2], 1024u) << op.name;
      EXPECT_GT(op.min_bytes(p), 0) << op.name;
      for (const auto t : op.reads)
        EXPECT_TRUE(tensor_used(t, p)) << op.name << " reads " << tensor_name(t);
      for (const auto t : op.writes)
        EXPECT_TRUE(tensor_used(t, p)) << op.name << " writes " << tensor_name(t);
    }
}

// The tuned library falls back to default variants for shapes it never saw: they must be valid at
// the edges of what the shape catalogue accepts.
TEST(OpRegistry, DefaultVariantIsValidAtTheEdgesOfSupportedShapes) {
  const std::vector<Shape> edges = {{1, 8, 4},     {1, 8, 32},     {3, 24, 16},
                                    {5, 65536, 4}, {1, 65536, 32}, {100000, 8, 8}};
  for (const auto& shape : edges)
    for (const auto& op : op_registry())
      for (const auto path : op.paths)
        for (const auto dtype : {Dtype::f32, Dtype::bf16}) {
          Problem p;
          p.path = path;
          p.direction = op.direction;
          p.shape = shape;
          p.residual_dtype = dtype;
          EXPECT_EQ(op.invalid_reason(p, op.default_point()), "")
              << op.name << " default on " << to_string(p);
        }
}

TEST(OpRegistry, EveryPaperProblemHasABaselineAndTunablePipelines) {
  for (const auto& p : paper_problems()) {
    const auto pipelines = pipelines_for(p);
    int baselines = 0;
    for (const auto* pipeline : pipelines) {
      baselines += pipeline->baseline ? 1 : 0;
      for (const auto& name : pipeline->op_names()) {
        const auto& op = find_op(name);  // throws on an unknown op
        EXPECT_TRUE(op.serves(p)) << pipeline->name << " uses " << name << " for " << to_string(p);
      }
    }
    EXPECT_EQ(baselines, 1) << to_string(p);
    EXPECT_GE(pipelines.size(), 2u) << to_string(p);
  }
}

TEST(ParamPoint, TextRoundTrips) {
  const ParamPoint p({{"threads", 128}, {"vec", 4}});
  EXPECT_EQ(p.to_string(), "threads=128,vec=4");
  EXPECT_EQ(ParamPoint::parse("threads=128,vec=4"), p);
  EXPECT_EQ(p["vec"], 4);
  EXPECT_THROW(p["tokens"], std::out_of_range);
  EXPECT_THROW(ParamPoint::parse("threads=12x"), std::exception);
  EXPECT_THROW(ParamPoint::parse("=4"), std::exception);
}

TEST(OpDefinition, EnumeratesTheWholeSpace) {
  const auto& op = find_op("post_mix");
  size_t expected = 1;
  for (const auto& axis : op.axes) expected *= axis.values.size();
  EXPECT_EQ(op.all_points().size(), expected);
}

TEST(PipelineDefinition, ExpandsSinkhornIterations) {
  PipelineDefinition d;
  d.steps = {{{"a"}, false}, {{"row", "col"}, true}, {{"b"}, false}};
  Problem p;
  p.constants.sinkhorn_iters = 3;
  const auto launches = d.launches(p);
  ASSERT_EQ(launches.size(), 8u);
  EXPECT_EQ(launches[1], (std::pair<std::string, int>{"row", 0}));
  EXPECT_EQ(launches[6], (std::pair<std::string, int>{"col", 2}));
  EXPECT_EQ(d.op_names(), (std::vector<std::string>{"a", "row", "col", "b"}));
}

}  // namespace
}  // namespace mhc
