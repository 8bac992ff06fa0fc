#pragma once
// The float64 values of every tensor of one mHC layer, and the reference that fills them. Every
// kernel variant is judged against these numbers. The math, op by op, is in the files named for
// the ops (sinkhorn, coefficients, dynamic_projection, pre_aggregate, rms_norm, post_mix); the
// stages that apply them to a whole layer are in layer_stages.hpp.
#include <array>
#include <cstdint>
#include <span>
#include <vector>

#include "core/layer_tensors.hpp"
#include "core/problem.hpp"

namespace mhc {

struct LayerValues {
  Problem problem;
  std::array<std::vector<double>, kTensorCount> tensors;  // empty when !tensor_used
  std::vector<double>& operator[](Tensor t) { return tensors[static_cast<int>(t)]; }
  const std::vector<double>& operator[](Tensor t) const { return tensors[static_cast<int>(t)]; }
};

// Every used tensor sized and zero, every unused one empty. UsageError when the problem is one the
// reference cannot compute (a dimension < 1, t_max < 0, production with t_max < 1, a negative eps).
LayerValues make_zero_layer(const Problem& problem);
// std::invalid_argument naming the first tensor whose size does not match the problem (used
// tensors hold tensor_info(..).elements() values, unused ones none).
void require_layer_shapes(const LayerValues& v);

// Inputs only (x, phi, alpha, bias, h_static, rms_weight, and d_x_next on backward problems), each
// value already rounded to its tensor's storage type so the GPU sees exactly what the reference
// computes from. All other used tensors sized and zero. Each tensor draws from its own stream, so a
// forward and a backward problem of the same shape and seed share their forward inputs.
LayerValues make_random_layer(const Problem& problem, uint64_t seed);

// Fills proj, sumsq (dynamic), h_pre, h_post, h_res, x_in, f, x_next from the inputs.
void reference_forward(LayerValues& v);
// After reference_forward, on a backward problem: fills every d_* tensor from d_x_next.
void reference_backward(LayerValues& v);

// Rows [row, row + count) of a tensor viewed as rows of `width` values.
inline std::span<double> row_span(std::vector<double>& values, int64_t row, int64_t width,
                                  int64_t count = 1) {
  return std::span<double>(values).subspan(row * width, count * width);
}
inline std::span<const double> row_span(const std::vector<double>& values, int64_t row,
                                        int64_t width, int64_t count = 1) {
  return std::span<const double>(values).subspan(row * width, count * width);
}

}  // namespace mhc
