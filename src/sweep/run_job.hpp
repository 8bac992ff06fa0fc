#pragma once
// One unit of GPU work the sweep hands to its worker process: a problem, the kernels to launch in
// order, which tensors come from the reference and which are checked against it, and whether to
// time it. An op candidate is a one-launch job; a pipeline is a job of many launches. The same
// job runs in-process for `mhc-tune bench`.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/launch_geometry.hpp"
#include "core/layer_tensors.hpp"
#include "measure/measure_pipeline.hpp"
#include "ops/op.hpp"

namespace mhc {

struct KernelLaunchSpec {
  std::string cubin_key;  // entry in the compile cache
  std::string kernel;     // lowered name in that CUBIN
  std::string label;      // "post_mix{threads=128,vec=2,tokens=1}" for messages
  LaunchGeometry geometry;
  int step = 0;  // MhcLayerArgs::step (Sinkhorn iteration of a repeated step)
  std::vector<Tensor> zero_before;
};

struct RunJob {
  Problem problem;
  std::string subject;  // "op post_mix{...}" or "pipeline dynamic_fused", for messages
  std::vector<KernelLaunchSpec> launches;
  std::vector<Tensor> inputs;   // uploaded from the reference before the run
  std::vector<Tensor> outputs;  // poisoned before, checked after
  MathPrecision math = MathPrecision::f32;
  int64_t workspace_bytes = 0;
  uint64_t seed = 1;    // inputs are make_random_layer(problem, seed)
  bool measure = true;  // false: verify only
  MeasureOptions measure_options;
};

enum class JobOutcome { ok, wrong, fault, timeout };
std::string_view to_string(JobOutcome outcome);

struct JobResult {
  JobOutcome outcome = JobOutcome::ok;
  std::string message;          // why not ok: the failing tensor and its errors, or the CUDA error
  double rel_norm_error = 0.0;  // worst over the checked tensors
  double max_abs_error = 0.0;
  std::optional<MeasurementSummary> timing;  // when measured
};

// The wire format between the sweep and its worker: one "key value" per line, strings escaped, so
// a job or a result is readable in a log.
std::string encode_job(const RunJob& job);
RunJob decode_job(std::string_view text);
std::string encode_result(const JobResult& result);
JobResult decode_result(std::string_view text);

}  // namespace mhc
