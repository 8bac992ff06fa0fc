#include "reference/storage_rounding.hpp"

#include <algorithm>
#include <cmath>

namespace mhc {

namespace {

// A binary format with 8 exponent bits (f32 and bf16 share them) and `significand_bits` bits of
// precision counting the implicit one.
double round_to_format(double value, int significand_bits) {
  if (!std::isfinite(value) || value == 0.0) return value;
  constexpr int kMinNormalExponent = -126;  // smallest normal is 2^-126
  int exponent = 0;
  std::frexp(value, &exponent);  // value = m * 2^exponent, 0.5 <= |m| < 1
  // The spacing of representable numbers around value; fixed below the normal range (subnormals).
  const int quantum_exponent = std::max(exponent, kMinNormalExponent + 1) - significand_bits;
  const double scaled = std::ldexp(value, -quantum_exponent);  // exact: a power-of-two scale
  const double rounded = std::ldexp(std::nearbyint(scaled), quantum_exponent);  // ties to even
  const double max_finite = std::ldexp(2.0 - std::ldexp(1.0, 1 - significand_bits), 127);
  if (std::fabs(rounded) > max_finite) return std::copysign(INFINITY, value);
  return rounded;
}

}  // namespace

double round_to_storage(double value, StorageType storage) {
  return round_to_format(value, storage == StorageType::f32 ? 24 : 8);
}

}  // namespace mhc
