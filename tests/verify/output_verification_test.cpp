// The verifier on CPU: reference values stand in for a GPU's output, perturbed the ways a wrong
// kernel would be (a test double for the GPU, never a measurement).
#include "verify/output_verification.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace mhc {
namespace {

LayerValues forward_reference(Dtype dtype) {
  Problem p;
  p.path = HPath::dynamic_h;
  p.shape = {16, 64, 4};
  p.residual_dtype = dtype;
  auto v = make_random_layer(p, 7);
  reference_forward(v);
  return v;
}

ProducedTensor copy_of(const LayerValues& v, Tensor t) {
  return {t, v[t]};
}

TEST(OutputVerification, ExactOutputsPass) {
  const auto v = forward_reference(Dtype::f32);
  const auto r = verify_outputs(v, {copy_of(v, Tensor::x_next), copy_of(v, Tensor::h_res)},
                                {Tensor::x, Tensor::f}, MathPrecision::f32);
  EXPECT_TRUE(r.passed) << r.failure;
  EXPECT_EQ(r.checks.size(), 2u);
}

TEST(OutputVerification, NaNNeverPasses) {
  const auto v = forward_reference(Dtype::bf16);
  auto out = copy_of(v, Tensor::x_next);
  out.values[5] = std::numeric_limits<double>::quiet_NaN();  // an element the kernel never wrote
  const auto r = verify_outputs(v, {out}, {Tensor::x}, MathPrecision::f32);
  EXPECT_FALSE(r.passed);
  EXPECT_NE(r.failure.find("x_next"), std::string::npos) << r.failure;
}

TEST(OutputVerification, OneWrongTokenFailsEvenWhenTheNormHidesIt) {
  const auto v = forward_reference(Dtype::bf16);
  auto out = copy_of(v, Tensor::x_in);
  out.values[3] *= 1.5;  // one element of 1024 off by 50%: the norm error stays ~1.5%
  const auto r = verify_outputs(v, {out}, {Tensor::x, Tensor::h_pre}, MathPrecision::f32);
  EXPECT_FALSE(r.passed);
  EXPECT_EQ(r.checks[0].elements_out_of_bound, 1);
}

TEST(OutputVerification, BoundsFollowTheDtype) {
  const auto v = forward_reference(Dtype::f32);
  auto out = copy_of(v, Tensor::proj);
  for (auto& x : out.values) x *= 1.0 + 2e-3;  // bf16-sized error on a float32 output
  EXPECT_FALSE(verify_outputs(v, {out}, {Tensor::x, Tensor::phi}, MathPrecision::f32).passed);
  EXPECT_TRUE(verify_outputs(v, {out}, {Tensor::x, Tensor::phi}, MathPrecision::tf32).passed);
}

TEST(OutputVerification, NonDoublyStochasticHResFails) {
  const auto v = forward_reference(Dtype::f32);
  auto out = copy_of(v, Tensor::h_res);
  // Within tf32's error bounds, but every row and column now sums to 1.001: only the invariant
  // can tell.
  for (auto& x : out.values) x *= 1.0 + 1e-3;
  const auto r = verify_outputs(v, {out}, {Tensor::proj, Tensor::sumsq}, MathPrecision::tf32);
  EXPECT_FALSE(r.passed);
  EXPECT_NE(r.failure.find("doubly stochastic"), std::string::npos) << r.failure;
}

}  // namespace
}  // namespace mhc
