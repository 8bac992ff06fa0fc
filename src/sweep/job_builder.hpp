#pragma once
// Turning plans into RunJobs: one op variant alone (its reads come from the reference, its writes
// are checked), or a whole pipeline (the layer's inputs come from the reference, every tensor its
// ops write is checked).
#include <map>
#include <string>
#include <vector>

#include "jit/compiler.hpp"
#include "ops/pipeline.hpp"
#include "sweep/run_job.hpp"

namespace mhc {

// What the worker needs of a compiled variant.
struct BuiltKernel {
  std::string cubin_key;
  std::string lowered_name;
};

struct VariantChoice {
  ParamPoint point;
  BuiltKernel kernel;
};

RunJob op_job(const Problem& problem, const OpDefinition& op, const VariantChoice& variant);

// `variants` gives the chosen variant of every op the pipeline uses, by op name.
RunJob pipeline_job(const Problem& problem, const PipelineDefinition& pipeline,
                    const std::map<std::string, VariantChoice>& variants);

// The tensors a layer starts from: forward inputs, plus on backward problems the saved forward
// values and the incoming gradient d_x_next.
std::vector<Tensor> layer_inputs(const Problem& problem);

}  // namespace mhc
