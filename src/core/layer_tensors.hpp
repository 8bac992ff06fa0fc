#pragma once
// Every tensor of one mHC layer, forward and backward, named once. The float64 reference fills
// them, kernels read and write them through one argument struct (kernels/common/mhc_layer_args.h),
// and verification compares them by name, so an op is described by which tensors it reads and
// writes. Shapes and storage dtypes are functions of the Problem.
#include <cstdint>
#include <string_view>
#include <vector>

#include "core/problem.hpp"

namespace mhc {

// The order matches the pointer fields of MhcLayerArgs; append only.
enum class Tensor : int {
  // forward inputs
  x,           // [B, n, C] residual stream, residual dtype
  phi,         // [n*C, m] dynamic projection (m = n*n + 2n: pre | post | res columns), f32
  alpha,       // [3] alpha_pre, alpha_post, alpha_res, f32
  bias,        // [m] b_pre | b_post | b_res, f32
  h_static,    // [m] static path parameters h_pre | h_post | h_res, f32
  rms_weight,  // [C] the RMSNorm stand-in's weight, f32
  // forward intermediates and outputs
  proj,    // [B, m] raw projection x @ phi (before the 1/r scale), f32
  sumsq,   // [B] sum of squares of the token's n*C values, f32
  h_pre,   // [T, n] with T = B (dynamic) or 1 (static), f32
  h_post,  // [T, n], f32
  h_res,   // [T, n, n], doubly stochastic, f32
  x_in,    // [B, C] F's input, bf16
  f,       // [B, C] F's output, bf16
  x_next,  // [B, n, C] residual dtype
  // backward inputs
  d_x_next,  // [B, n, C] residual dtype
  // backward outputs and intermediates (all f32 except d_x)
  d_x,           // [B, n, C] residual dtype
  d_f,           // [B, C]
  d_x_in,        // [B, C]
  d_rms_weight,  // [C]
  d_h_pre,       // [T, n]
  d_h_post,      // [T, n]
  d_h_res,       // [T, n, n]
  d_proj,        // [B, m] gradient of the raw projection
  d_phi,         // [n*C, m]
  d_alpha,       // [3]
  d_bias,        // [m]
  d_h_static,    // [m]
  d_sumsq,       // [B] gradient of the sum of squares (dynamic path: through r)
  count
};

constexpr int kTensorCount = static_cast<int>(Tensor::count);

enum class StorageType { f32, bf16 };

struct TensorInfo {
  std::string_view name;
  StorageType storage;
  std::vector<int64_t> dims;
  int64_t elements() const;
  int64_t bytes() const;
};

// m = n*n + 2n, the number of mixing logits per token.
inline int64_t mixing_logits(int64_t streams) {
  return streams * streams + 2 * streams;
}

TensorInfo tensor_info(Tensor tensor, const Problem& problem);
std::string_view tensor_name(Tensor tensor);
Tensor parse_tensor(std::string_view name);  // UsageError on an unknown name
// Tensors that exist for the problem's path (phi/alpha/bias only on dynamic, h_static only on
// static) and direction (d_* only on backward).
bool tensor_used(Tensor tensor, const Problem& problem);

}  // namespace mhc
