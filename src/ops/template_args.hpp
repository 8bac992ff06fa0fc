#pragma once
// Spelling template instantiations for NVRTC name expressions.
#include <fmt/format.h>

#include <string>
#include <string_view>
#include <vector>

#include "core/problem.hpp"

namespace mhc {

// The CUDA type of the residual stream: "float" or "__nv_bfloat16".
inline std::string_view residual_type_name(const Problem& problem) {
  return problem.residual_dtype == Dtype::f32 ? "float" : "__nv_bfloat16";
}

// "name<a, b, c>"
inline std::string kernel_instance(std::string_view name, const std::vector<std::string>& args) {
  return fmt::format("{}<{}>", name, fmt::join(args, ", "));
}

}  // namespace mhc
