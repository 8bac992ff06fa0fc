#pragma once
// The one list of ops and pipelines. Each group is defined in its own file beside this one.
#include <string_view>
#include <vector>

#include "ops/op.hpp"
#include "ops/pipeline.hpp"

namespace mhc {

const std::vector<OpDefinition>& op_registry();
const std::vector<PipelineDefinition>& pipeline_registry();
const OpDefinition& find_op(std::string_view name);              // UsageError listing known ops
const PipelineDefinition& find_pipeline(std::string_view name);  // UsageError listing known ones
std::vector<const PipelineDefinition*> pipelines_for(const Problem& problem);
// The naive baseline pipeline serving `problem`; throws if none (a registry bug).
const PipelineDefinition& baseline_pipeline_for(const Problem& problem);

// The groups (one file each).
std::vector<OpDefinition> dynamic_forward_ops();  // dynamic_forward_ops.cpp
std::vector<OpDefinition> shared_forward_ops();   // shared_forward_ops.cpp: pre, F, post, static
std::vector<OpDefinition> naive_forward_ops();    // naive_forward_ops.cpp: the eager baseline
std::vector<OpDefinition> backward_ops();         // backward_ops.cpp: fused, token-sum reduces
std::vector<OpDefinition> naive_backward_ops();   // naive_backward_ops.cpp: the eager baseline
std::vector<PipelineDefinition> forward_pipelines();   // forward_pipelines.cpp
std::vector<PipelineDefinition> backward_pipelines();  // backward_pipelines.cpp

}  // namespace mhc
