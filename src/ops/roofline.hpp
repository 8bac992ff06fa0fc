#pragma once
// The bytes a whole layer must move at the least (MATH.md, "The floor"), the roofline numerator of
// pipeline timings; each op's own floor is OpDefinition::min_bytes.
#include <cstdint>

#include "core/problem.hpp"

namespace mhc {

// Forward: read the residual for pre, read it again and write x_next for post (three passes), plus
// F's bf16 input and output written and read once each. Backward: read x and d_x_next, write d_x,
// and read x once more for the H gradients (four passes), plus F's tensors and their gradients.
// The coefficients, phi and H are small against these and are left out, so the floor is a bound.
int64_t layer_min_bytes(const Problem& problem);

}  // namespace mhc
