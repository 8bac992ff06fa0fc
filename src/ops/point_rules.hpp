#pragma once
// Validity rules that several ops' spaces share.
#include <fmt/format.h>

#include <string>

#include "core/problem.hpp"
#include "ops/op.hpp"

namespace mhc {

// Packed accesses of `vec` channels must tile a token's row of C channels exactly.
inline std::string vec_divides(const Problem& p, const ParamPoint& q) {
  if (p.shape.hidden % q["vec"] != 0)
    return fmt::format("vec={} does not divide C={}", q["vec"], p.shape.hidden);
  return {};
}

}  // namespace mhc
