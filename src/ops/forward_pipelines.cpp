// Forward decompositions of both H paths.
#include "ops/registry.hpp"

namespace mhc {

std::vector<PipelineDefinition> forward_pipelines() { return {}; }

}  // namespace mhc
