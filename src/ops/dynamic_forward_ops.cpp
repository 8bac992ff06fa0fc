// Forward ops of the dynamic H path: projection with the sum of squares, coefficients, and the fused
// decompositions.
#include "ops/registry.hpp"

namespace mhc {

std::vector<OpDefinition> dynamic_forward_ops() { return {}; }

}  // namespace mhc
