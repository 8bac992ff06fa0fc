// Backward ops of both H paths.
#include "ops/registry.hpp"

namespace mhc {

std::vector<OpDefinition> backward_ops() { return {}; }

}  // namespace mhc
