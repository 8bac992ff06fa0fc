// With phi = 0 the dynamic logits are exactly the biases, so a dynamic layer whose biases equal a
// static layer's parameters must compute the same layer, forward and backward.
#include <gtest/gtest.h>

#include <span>
#include <vector>

#include "reference/compare.hpp"
#include "reference/layer_values.hpp"

namespace mhc {
namespace {

LayerValues forward_and_backward(HPath path, const LayerValues& inputs) {
  Problem p = inputs.problem;
  p.path = path;
  LayerValues v = make_zero_layer(p);
  for (const Tensor t : {Tensor::x, Tensor::rms_weight, Tensor::d_x_next}) v[t] = inputs[t];
  if (path == HPath::dynamic_h) {
    v[Tensor::alpha] = inputs[Tensor::alpha];
    v[Tensor::bias] = inputs[Tensor::bias];  // phi stays 0
  } else {
    v[Tensor::h_static] = inputs[Tensor::bias];
  }
  reference_forward(v);
  reference_backward(v);
  return v;
}

// Sum over tokens of a [B, width] tensor: the static path's gradients are reduced over tokens.
std::vector<double> sum_over_tokens(const std::vector<double>& values, int64_t width) {
  std::vector<double> sum(width);
  for (size_t i = 0; i < values.size(); ++i) sum[i % width] += values[i];
  return sum;
}

void expect_close(std::span<const double> a, std::span<const double> b, std::string_view what) {
  const ErrorStats stats = compare_values(a, b);
  EXPECT_LT(stats.max_abs_error, 1e-12) << what << ": " << to_string(stats);
}

TEST(StaticEqualsDynamic, WhenPhiIsZeroAndBiasesAreTheStaticParameters) {
  for (const Convention convention : {Convention::paper, Convention::production}) {
    SCOPED_TRACE(to_string(convention));
    Problem p;
    p.direction = Direction::backward;
    p.shape = {5, 6, 4};
    p.convention = convention;
    p.constants = default_constants(convention);
    const LayerValues inputs = make_random_layer(p, 77);
    const LayerValues s = forward_and_backward(HPath::static_h, inputs);
    const LayerValues d = forward_and_backward(HPath::dynamic_h, inputs);
    const int64_t n = p.shape.streams;
    for (int64_t b = 0; b < p.shape.tokens;
         ++b) {  // every token's coefficients are the static ones
      expect_close(s[Tensor::h_pre], row_span(d[Tensor::h_pre], b, n), "h_pre");
      expect_close(s[Tensor::h_post], row_span(d[Tensor::h_post], b, n), "h_post");
      expect_close(s[Tensor::h_res], row_span(d[Tensor::h_res], b, n * n), "h_res");
    }
    for (const Tensor t : {Tensor::x_in, Tensor::f, Tensor::x_next, Tensor::d_x, Tensor::d_f,
                           Tensor::d_x_in, Tensor::d_rms_weight})
      expect_close(s[t], d[t], tensor_name(t));
    expect_close(s[Tensor::d_h_pre], sum_over_tokens(d[Tensor::d_h_pre], n), "d_h_pre");
    expect_close(s[Tensor::d_h_post], sum_over_tokens(d[Tensor::d_h_post], n), "d_h_post");
    expect_close(s[Tensor::d_h_res], sum_over_tokens(d[Tensor::d_h_res], n * n), "d_h_res");
    expect_close(s[Tensor::d_h_static], d[Tensor::d_bias], "d_h_static vs d_bias");
  }
}

}  // namespace
}  // namespace mhc
