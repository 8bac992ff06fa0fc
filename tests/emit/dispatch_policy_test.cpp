// The dispatch policy on a hand-made table: exact, nearest (with its distance), default when the
// tuned variant is invalid for the shape or too far, baseline when forced, none outside the limits.
#include "runtime/dispatch_policy.hpp"

#include <gtest/gtest.h>

#include "ops/registry.hpp"
#include "test_pipelines.hpp"

namespace mhc::runtime {
namespace {

using testing::static_problem;

// Every kernel the table's pipelines need for n=4 f32, at the default points plus a "tuned"
// post_mix with vec=16, which is valid where 16 divides C (1280) and invalid where it does not
// (1288).
DispatchTable make_table() {
  DispatchTable t;
  for (const auto& p : testing::test_pipelines())
    t.pipelines.push_back(
        {p, p.baseline ? PipelineRole::baseline : PipelineRole::default_pipeline});
  const Problem shape = static_problem(320, 1280);
  const auto add = [&](const std::string& op_name, const ParamPoint& point) {
    const auto& op = find_op(op_name);
    t.kernels.push_back({op.source, op.kernel_name(shape, point), "lowered", nullptr, 0});
  };
  for (const char* op : {"static_pre_fused", "post_mix", "static_coefficients", "pre_aggregate"})
    add(op, find_op(op).default_point());
  const auto tuned_post_mix = ParamPoint::parse("threads=256,vec=16,tokens=1");
  add("post_mix", tuned_post_mix);
  for (int64_t tokens : {320, 2560})
    t.entries.push_back(
        {static_problem(tokens, 1280),
         "test_static_fused",
         {{"static_pre_fused", find_op("static_pre_fused").default_point().to_string(), {}},
          {"post_mix", tuned_post_mix.to_string(), {}}},
         10.0});
  return t;
}

TEST(DispatchPolicy, TunedShapeUsesItsEntry) {
  const auto t = make_table();
  const auto d = decide_dispatch(t, static_problem(2560, 1280), false);
  ASSERT_EQ(d.kind, DispatchKind::exact);
  EXPECT_EQ(d.tuned, &t.entries[1]);
  EXPECT_EQ(d.pipeline->name, "test_static_fused");
  EXPECT_NE(d.describe().find("post_mix{threads=256,vec=16,tokens=1}"), std::string::npos);
}

TEST(DispatchPolicy, UntunedNearShapeTakesTheNearestValidEntry) {
  const auto t = make_table();
  // 640 is one doubling from 320 and two halvings from 2560.
  const auto d = decide_dispatch(t, static_problem(640, 1280), false);
  ASSERT_EQ(d.kind, DispatchKind::nearest);
  EXPECT_EQ(d.tuned, &t.entries[0]);
  EXPECT_DOUBLE_EQ(d.distance, 1.0);
  EXPECT_DOUBLE_EQ(shape_distance({640, 2560, 4}, {320, 1280, 4}), 2.0);
}

TEST(DispatchPolicy, ShapeWhereTheTunedVariantIsInvalidTakesTheDefaultPipeline) {
  const auto t = make_table();
  // vec=16 does not divide C=1288, so no tuned entry is valid; the default points (vec 2 and 4)
  // are.
  const auto d = decide_dispatch(t, static_problem(320, 1288), false);
  ASSERT_EQ(d.kind, DispatchKind::default_pipeline);
  EXPECT_EQ(d.pipeline->name, "test_static_fused");
  EXPECT_EQ(d.tuned, nullptr);
  EXPECT_EQ(d.describe().find("vec=16"), std::string::npos);
}

TEST(DispatchPolicy, ShapeFartherThanTheLimitTakesTheDefaultPipeline) {
  const auto t = make_table();
  // 40960 = 32 x 1280: distance 5 from both entries, beyond kMaxNearestDistance = 4.
  const auto far = decide_dispatch(t, static_problem(320, 40960), false);
  EXPECT_EQ(far.kind, DispatchKind::default_pipeline);
  // 20480 = 16 x 1280: distance exactly 4 is still near.
  const auto near = decide_dispatch(t, static_problem(320, 20480), false);
  EXPECT_EQ(near.kind, DispatchKind::nearest);
  EXPECT_DOUBLE_EQ(near.distance, 4.0);
}

TEST(DispatchPolicy, ForcedBaselineAndEnvironment) {
  const auto t = make_table();
  const auto d = decide_dispatch(t, static_problem(320, 1280), true);
  ASSERT_EQ(d.kind, DispatchKind::baseline);
  EXPECT_EQ(d.pipeline->name, "test_static_unfused");
  setenv("MHC_TUNED_FORCE_BASELINE", "1", 1);
  EXPECT_TRUE(force_baseline_from_environment());
  setenv("MHC_TUNED_FORCE_BASELINE", "0", 1);
  EXPECT_FALSE(force_baseline_from_environment());
  unsetenv("MHC_TUNED_FORCE_BASELINE");
}

TEST(DispatchPolicy, NoEmbeddedKernelOrAShapeOutsideTheLimitsGivesNone) {
  const auto t = make_table();
  EXPECT_EQ(decide_dispatch(t, static_problem(320, 1280, 5), false).kind, DispatchKind::none);
  EXPECT_EQ(decide_dispatch(t, static_problem(320, 1284), false).kind, DispatchKind::none);
  EXPECT_EQ(decide_dispatch(t, static_problem(320, 65544), false).kind, DispatchKind::none);
  // B*n*C = 2^31 exactly: one past the 32-bit index range.
  EXPECT_EQ(decide_dispatch(t, static_problem(131072, 4096), false).kind, DispatchKind::none);
  EXPECT_EQ(decide_dispatch(t, static_problem(131071, 4096), true).kind, DispatchKind::baseline);
  // n=8 is supported but nothing for it is embedded: never a kernel built for another n.
  EXPECT_EQ(decide_dispatch(t, static_problem(320, 1280, 8), false).kind, DispatchKind::none);
}

}  // namespace
}  // namespace mhc::runtime
