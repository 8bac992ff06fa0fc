#include "gpu/bf16.hpp"

#include <algorithm>
#include <bit>
#include <cmath>

namespace mhc {

namespace {
constexpr int kMantissaBits = 7;
constexpr int kMinNormalExponent = -126;  // as for float: bf16 keeps float's exponent range
}  // namespace

uint16_t bf16_from_double(double value) {
  const uint16_t sign = std::signbit(value) ? 0x8000 : 0;
  if (std::isnan(value)) return sign | 0x7FC0;
  if (std::isinf(value)) return sign | 0x7F80;
  const double magnitude = std::fabs(value);
  if (magnitude == 0.0) return sign;
  // The spacing of bf16 values around `magnitude`: 2^(e - 7) for a normal with exponent e, and
  // the subnormal spacing 2^-133 below 2^-126. Dividing by a power of two is exact, so rounding
  // the quotient to an integer (nearbyint: ties to even in the default rounding mode) rounds
  // `magnitude` to bf16 exactly once.
  int exponent = 0;
  std::frexp(magnitude, &exponent);  // magnitude = f * 2^exponent with f in [0.5, 1)
  const int unbiased = std::max(exponent - 1, kMinNormalExponent);
  const double spacing = std::ldexp(1.0, unbiased - kMantissaBits);
  const double rounded = std::nearbyint(magnitude / spacing) * spacing;
  if (rounded >= std::ldexp(1.0, 128)) return sign | 0x7F80;
  // `rounded` is a bf16 value, so as a float its low 16 bits are zero.
  return sign | static_cast<uint16_t>(std::bit_cast<uint32_t>(static_cast<float>(rounded)) >> 16);
}

double bf16_to_double(uint16_t bits) {
  return static_cast<double>(std::bit_cast<float>(static_cast<uint32_t>(bits) << 16));
}

}  // namespace mhc
