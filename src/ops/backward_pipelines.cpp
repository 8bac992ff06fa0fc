// Backward decompositions of both H paths.
#include "ops/registry.hpp"

namespace mhc {

std::vector<PipelineDefinition> backward_pipelines() { return {}; }

}  // namespace mhc
