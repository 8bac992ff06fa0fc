#include "gpu/layer_args.hpp"

#include <gtest/gtest.h>

#include <cstdint>

namespace mhc {
namespace {

Problem problem_of(HPath path, Convention convention) {
  Problem p;
  p.path = path;
  p.shape = {320, 1280, 4};
  p.convention = convention;
  p.constants = default_constants(convention);
  return p;
}

TEST(LayerArgs, PointersInTensorOrderAndScalarsFromTheProblem) {
  const Problem p = problem_of(HPath::dynamic_h, Convention::production);
  TensorPointers pointers{};
  pointers[static_cast<int>(Tensor::x)] = reinterpret_cast<void*>(uintptr_t{0x1000});
  pointers[static_cast<int>(Tensor::x_next)] = reinterpret_cast<void*>(uintptr_t{0x2000});
  void* workspace = reinterpret_cast<void*>(uintptr_t{0x3000});
  const MhcLayerArgs args = make_layer_args(p, pointers, workspace, 4096);
  EXPECT_EQ(args.tensors[0], pointers[0]);
  EXPECT_EQ(args.tensors[13], pointers[13]);
  EXPECT_EQ(args.tensors[1], nullptr);
  EXPECT_EQ(args.workspace, workspace);
  EXPECT_EQ(args.workspace_bytes, 4096);
  EXPECT_EQ(args.tokens, 320);
  EXPECT_EQ(args.hidden, 1280);
  EXPECT_EQ(args.streams, 4);
  EXPECT_EQ(args.convention, 1);
  EXPECT_EQ(args.sinkhorn_iters, p.constants.sinkhorn_iters);
  EXPECT_EQ(args.rms_eps, static_cast<float>(p.constants.rms_eps));
  EXPECT_EQ(args.sinkhorn_eps, static_cast<float>(p.constants.sinkhorn_eps));
  EXPECT_EQ(args.post_mult, static_cast<float>(p.constants.post_mult));
  EXPECT_EQ(args.pre_eps, static_cast<float>(p.constants.pre_eps));
  EXPECT_EQ(args.step, 0);
  EXPECT_EQ(args.h_per_token, 1);
}

TEST(LayerArgs, PaperConventionAndStaticPath) {
  const MhcLayerArgs args =
      make_layer_args(problem_of(HPath::static_h, Convention::paper), {}, nullptr, 0);
  EXPECT_EQ(args.convention, 0);
  EXPECT_EQ(args.h_per_token, 0);
  EXPECT_EQ(args.post_mult, 2.0f);
  EXPECT_EQ(args.workspace, nullptr);
}

}  // namespace
}  // namespace mhc
