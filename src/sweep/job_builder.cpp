#include "sweep/job_builder.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <stdexcept>

#include "ops/registry.hpp"
#include "plan/variant_plan.hpp"

namespace mhc {

namespace {

KernelLaunchSpec launch_of(const Problem& problem, const OpDefinition& op, const VariantChoice& v,
                           int step) {
  KernelLaunchSpec launch;
  launch.cubin_key = v.kernel.cubin_key;
  launch.kernel = v.kernel.lowered_name;
  launch.label = variant_label(op, v.point);
  launch.geometry = op.geometry(problem, v.point);
  launch.step = step;
  launch.zero_before = op.zero_before;
  return launch;
}

int64_t workspace_of(const Problem& problem, const OpDefinition& op, const ParamPoint& point) {
  return op.workspace_bytes ? op.workspace_bytes(problem, point) : 0;
}

void add_unique(std::vector<Tensor>& list, Tensor t) {
  if (std::find(list.begin(), list.end(), t) == list.end()) list.push_back(t);
}

}  // namespace

std::vector<Tensor> layer_inputs(const Problem& problem) {
  std::vector<Tensor> inputs;
  for (const Tensor t :
       {Tensor::x, Tensor::phi, Tensor::alpha, Tensor::bias, Tensor::h_static, Tensor::rms_weight})
    if (tensor_used(t, problem)) inputs.push_back(t);
  if (problem.direction == Direction::backward)
    for (const Tensor t :
         {Tensor::proj, Tensor::sumsq, Tensor::h_pre, Tensor::h_post, Tensor::h_res, Tensor::x_in,
          Tensor::f, Tensor::x_next, Tensor::d_x_next})
      if (tensor_used(t, problem)) inputs.push_back(t);
  return inputs;
}

RunJob op_job(const Problem& problem, const OpDefinition& op, const VariantChoice& variant) {
  RunJob job;
  job.problem = problem;
  job.subject = "op " + variant_label(op, variant.point);
  job.launches = {launch_of(problem, op, variant, 0)};
  job.inputs = op.reads;
  job.outputs = op.writes;
  job.math = op.math;
  job.workspace_bytes = workspace_of(problem, op, variant.point);
  return job;
}

RunJob pipeline_job(const Problem& problem, const PipelineDefinition& pipeline,
                    const std::map<std::string, VariantChoice>& variants) {
  RunJob job;
  job.problem = problem;
  job.subject = "pipeline " + pipeline.name;
  job.inputs = layer_inputs(problem);
  for (const auto& [name, step] : pipeline.launches(problem)) {
    const auto it = variants.find(name);
    if (it == variants.end())
      throw std::logic_error(
          fmt::format("pipeline {}: no variant chosen for op {}", pipeline.name, name));
    const OpDefinition& op = find_op(name);
    job.launches.push_back(launch_of(problem, op, it->second, step));
    job.workspace_bytes =
        std::max(job.workspace_bytes, workspace_of(problem, op, it->second.point));
    if (op.math != MathPrecision::f32 && job.math == MathPrecision::f32) job.math = op.math;
    if (op.math == MathPrecision::bf16) job.math = MathPrecision::bf16;
    for (const auto t : op.writes)
      if (std::find(job.inputs.begin(), job.inputs.end(), t) == job.inputs.end())
        add_unique(job.outputs, t);
  }
  return job;
}

}  // namespace mhc
