// The naive baseline's forward ops: one kernel per elementary step, as an eager framework runs them.
#include "ops/registry.hpp"

namespace mhc {

std::vector<OpDefinition> naive_forward_ops() { return {}; }

}  // namespace mhc
