#include "core/layer_tensors.hpp"

#include <fmt/format.h>

#include <array>

#include "core/errors.hpp"

namespace mhc {

namespace {
constexpr std::array<std::string_view, kTensorCount> kNames = {
    "x",        "phi",    "alpha",  "bias",    "h_static",     "rms_weight", "proj",
    "sumsq",    "h_pre",  "h_post", "h_res",   "x_in",         "f",          "x_next",
    "d_x_next", "d_x",    "d_f",    "d_x_in",  "d_rms_weight", "d_h_pre",    "d_h_post",
    "d_h_res",  "d_proj", "d_phi",  "d_alpha", "d_bias",       "d_h_static", "d_sumsq"};
}  // namespace

std::string_view tensor_name(Tensor tensor) {
  return kNames[static_cast<int>(tensor)];
}

Tensor parse_tensor(std::string_view name) {
  for (int i = 0; i < kTensorCount; ++i)
    if (kNames[i] == name) return static_cast<Tensor>(i);
  throw UsageError(fmt::format("unknown tensor '{}'", name));
}

int64_t TensorInfo::elements() const {
  int64_t count = 1;
  for (const auto d : dims) count *= d;
  return count;
}

int64_t TensorInfo::bytes() const {
  return elements() * (storage == StorageType::f32 ? 4 : 2);
}

TensorInfo tensor_info(Tensor tensor, const Problem& p) {
  const int64_t B = p.shape.tokens, C = p.shape.hidden, n = p.shape.streams;
  const int64_t m = mixing_logits(n);
  const int64_t T = p.path == HPath::dynamic_h ? B : 1;
  const StorageType residual =
      p.residual_dtype == Dtype::f32 ? StorageType::f32 : StorageType::bf16;
  const auto f32 = StorageType::f32;
  const auto bf16 = StorageType::bf16;
  const std::string_view name = tensor_name(tensor);
  switch (tensor) {
    case Tensor::x:
    case Tensor::x_next:
    case Tensor::d_x_next:
    case Tensor::d_x:
      return {name, residual, {B, n, C}};
    case Tensor::phi:
    case Tensor::d_phi:
      return {name, f32, {n * C, m}};
    case Tensor::alpha:
    case Tensor::d_alpha:
      return {name, f32, {3}};
    case Tensor::bias:
    case Tensor::h_static:
    case Tensor::d_bias:
    case Tensor::d_h_static:
      return {name, f32, {m}};
    case Tensor::rms_weight:
    case Tensor::d_rms_weight:
      return {name, f32, {C}};
    case Tensor::proj:
    case Tensor::d_proj:
      return {name, f32, {B, m}};
    case Tensor::sumsq:
    case Tensor::d_sumsq:
      return {name, f32, {B}};
    case Tensor::h_pre:
    case Tensor::h_post:
    case Tensor::d_h_pre:
    case Tensor::d_h_post:
      return {name, f32, {T, n}};
    case Tensor::h_res:
    case Tensor::d_h_res:
      return {name, f32, {T, n, n}};
    case Tensor::x_in:
    case Tensor::f:
      return {name, bf16, {B, C}};
    case Tensor::d_f:
    case Tensor::d_x_in:
      return {name, f32, {B, C}};
    case Tensor::count:
      break;
  }
  throw std::logic_error("tensor_info: bad tensor");
}

bool tensor_used(Tensor tensor, const Problem& p) {
  const bool dynamic = p.path == HPath::dynamic_h;
  const bool backward = p.direction == Direction::backward;
  switch (tensor) {
    case Tensor::phi:
    case Tensor::alpha:
    case Tensor::bias:
    case Tensor::proj:
    case Tensor::sumsq:
      return dynamic;
    case Tensor::h_static:
      return !dynamic;
    case Tensor::d_proj:
    case Tensor::d_phi:
    case Tensor::d_alpha:
    case Tensor::d_bias:
    case Tensor::d_sumsq:
      return dynamic && backward;
    case Tensor::d_h_static:
      return !dynamic && backward;
    case Tensor::d_x_next:
    case Tensor::d_x:
    case Tensor::d_f:
    case Tensor::d_x_in:
    case Tensor::d_rms_weight:
    case Tensor::d_h_pre:
    case Tensor::d_h_post:
    case Tensor::d_h_res:
      return backward;
    default:
      return true;
  }
}

}  // namespace mhc
