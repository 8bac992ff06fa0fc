// Tiny layers whose every value can be checked on paper. Constants are chosen so the arithmetic is
// exact: rms_eps = sinkhorn_eps = pre_eps = 0, post_mult = 2. The working is in each comment.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <cmath>
#include <utility>

#include "reference/compare.hpp"
#include "reference/layer_values.hpp"

namespace mhc {
namespace {

Problem exact_problem(HPath path, Convention convention, Shape shape, int sinkhorn_iters) {
  Problem p;
  p.path = path;
  p.direction = Direction::backward;
  p.shape = shape;
  p.convention = convention;
  p.constants = {sinkhorn_iters, 0.0, 0.0, 2.0, 0.0};
  return p;
}

void expect_values(const std::vector<double>& expected, const std::vector<double>& actual,
                   std::string_view what) {
  const ErrorStats stats = compare_values(expected, actual);
  EXPECT_LT(stats.max_abs_error, 1e-14) << what << ": " << to_string(stats);
}

TEST(HandWorked, OneStreamStaticForwardAndBackward) {
  // n = 1, C = 2, x = [2, -2], weight = [1, 3], h_static = [0, 0, 0.7].
  // H_pre = sigmoid(0) = 1/2; H_post = 2 sigmoid(0) = 1; H_res = 1 (a 1 x 1 matrix normalises to
  // 1). x_in = [1, -1]; rms = sqrt((1 + 1) / 2) = 1; f = [1, -1] * [1, 3] = [1, -3]. x_next = 1 * x
  // + 1 * f = [3, -5].
  LayerValues v = make_zero_layer(exact_problem(HPath::static_h, Convention::paper, {1, 2, 1}, 20));
  v[Tensor::x] = {2, -2};
  v[Tensor::rms_weight] = {1, 3};
  v[Tensor::h_static] = {0, 0, 0.7};
  v[Tensor::d_x_next] = {1, 0};
  reference_forward(v);
  expect_values({0.5}, v[Tensor::h_pre], "h_pre");
  expect_values({1}, v[Tensor::h_post], "h_post");
  expect_values({1}, v[Tensor::h_res], "h_res");
  expect_values({1, -1}, v[Tensor::x_in], "x_in");
  expect_values({1, -3}, v[Tensor::f], "f");
  expect_values({3, -5}, v[Tensor::x_next], "x_next");

  // d_x_next = [1, 0]. post: d_f = 1 * [1, 0]; d_h_post = <[1, 0], f> = 1; d_h_res = <[1, 0], x>
  // = 2. RMSNorm with y = x_in / rms = [1, -1], g = d_f * weight = [1, 0], mean(g y) = 1/2: d_x_in
  // = (g - y / 2) / 1 = [1/2, 1/2]; d_weight = d_f * y = [1, 0]. pre: d_h_pre = <d_x_in, x> = 1 - 1
  // = 0; d_x = H_res d_x_next + H_pre d_x_in = [5/4, 1/4]. h_static: pre 0 * sigmoid'(0) = 0; post
  // 1 * 2 * sigmoid'(0) = 2 / 4 = 1/2; res 0 (constant).
  reference_backward(v);
  expect_values({1, 0}, v[Tensor::d_f], "d_f");
  expect_values({1}, v[Tensor::d_h_post], "d_h_post");
  expect_values({2}, v[Tensor::d_h_res], "d_h_res");
  expect_values({0.5, 0.5}, v[Tensor::d_x_in], "d_x_in");
  expect_values({1, 0}, v[Tensor::d_rms_weight], "d_rms_weight");
  expect_values({0}, v[Tensor::d_h_pre], "d_h_pre");
  expect_values({1.25, 0.25}, v[Tensor::d_x], "d_x");
  expect_values({0, 0.5, 0}, v[Tensor::d_h_static], "d_h_static");
}

TEST(HandWorked, OneStreamDynamicForward) {
  // n = 1, C = 2, x = [2, -2]: sumsq = 8, r = sqrt(8 / 2) = 2. phi = [[1, 0, 0], [0, 0, 0]] gives
  // proj = [2, 0, 0], logits = proj / r = [1, 0, 0]. alpha_pre = ln 3, bias 0: pre = ln 3 and
  // H_pre = sigmoid(ln 3) = 3/4; H_post = 2 sigmoid(0) = 1; H_res = 1.
  // x_in = [3/2, -3/2], rms = 3/2, f = [1, -1] * [1, 3] = [1, -3]; x_next = x + f = [3, -5].
  LayerValues v =
      make_zero_layer(exact_problem(HPath::dynamic_h, Convention::paper, {1, 2, 1}, 20));
  v[Tensor::x] = {2, -2};
  v[Tensor::rms_weight] = {1, 3};
  v[Tensor::phi] = {1, 0, 0, 0, 0, 0};
  v[Tensor::alpha] = {std::log(3.0), 1, 1};
  reference_forward(v);
  expect_values({2, 0, 0}, v[Tensor::proj], "proj");
  expect_values({8}, v[Tensor::sumsq], "sumsq");
  expect_values({0.75}, v[Tensor::h_pre], "h_pre");
  expect_values({1.5, -1.5}, v[Tensor::x_in], "x_in");
  expect_values({1, -3}, v[Tensor::f], "f");
  expect_values({3, -5}, v[Tensor::x_next], "x_next");
}

TEST(HandWorked, TwoStreamsPostIsTransposedInProduction) {
  // n = 2, C = 1, one Sinkhorn iteration. h_res logits [0, ln 3, 0, 0]: exp = [[1, 3], [1, 1]],
  // rows -> [[1/4, 3/4], [1/2, 1/2]], columns (sums 3/4, 5/4) -> H = [[1/3, 3/5], [2/3, 2/5]]
  // (production: the softmax gives the same rows). H_pre = [1/2, 1/2], H_post = [1, 1].
  // x = [3, 1]: x_in = 2, f = 2 / |2| * weight 2 = 2.
  // paper:      x_next[i] = sum_j H[i, j] x[j] + f = [1 + 3/5 + 2, 2 + 2/5 + 2] = [3.6, 4.4]
  // production: x_next[i] = sum_j H[j, i] x[j] + f = [1 + 2/3 + 2, 9/5 + 2/5 + 2] = [11/3, 4.2]
  const std::pair<Convention, std::vector<double>> cases[] = {
      {Convention::paper, {3.6, 4.4}}, {Convention::production, {11.0 / 3.0, 4.2}}};
  for (const auto& [convention, expected] : cases) {
    LayerValues v = make_zero_layer(exact_problem(HPath::static_h, convention, {1, 1, 2}, 1));
    v[Tensor::x] = {3, 1};
    v[Tensor::rms_weight] = {2};
    v[Tensor::h_static] = {0, 0, 0, 0, 0, std::log(3.0), 0, 0};
    reference_forward(v);
    expect_values({1.0 / 3, 3.0 / 5, 2.0 / 3, 2.0 / 5}, v[Tensor::h_res], "h_res");
    expect_values({2}, v[Tensor::f], "f");
    expect_values(expected, v[Tensor::x_next], fmt::format("x_next {}", to_string(convention)));
  }
}

}  // namespace
}  // namespace mhc
