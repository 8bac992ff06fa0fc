#pragma once
// bfloat16 on the host, for uploads and downloads of bf16 tensors: the top 16 bits of an IEEE
// float (8 exponent bits, 7 mantissa bits). Written out here so the rounding is known exactly.
#include <cstdint>

namespace mhc {

// Rounds to the nearest bf16, ties to even, in one step from double (going through float first
// would round twice). Overflow gives +-inf, NaN gives a quiet NaN with the input's sign, and
// values below half the smallest subnormal (2^-134) give a signed zero.
uint16_t bf16_from_double(double value);

// Exact: every bf16 is a float and every float a double.
double bf16_to_double(uint16_t bits);

}  // namespace mhc
