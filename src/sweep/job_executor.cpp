#include "sweep/job_executor.hpp"

#include <fmt/format.h>

#include "gpu/cuda_error.hpp"
#include "gpu/kernel_launch.hpp"
#include "gpu/layer_buffers.hpp"
#include "verify/output_verification.hpp"

namespace mhc {

JobExecutor::JobExecutor(int device_ordinal, std::filesystem::path cache_dir, TimerPreference timer)
    : device_(device_ordinal),
      rig_(std::make_unique<MeasurementRig>(device_, timer)),
      cache_(std::move(cache_dir)) {}

const LayerValues& JobExecutor::reference(const Problem& problem, uint64_t seed) {
  const std::string key =
      fmt::format("{} t={} seed={}", to_string(problem), problem.constants.sinkhorn_iters, seed);
  if (!reference_ || key != reference_key_) {
    reference_.reset();
    LayerValues values = make_random_layer(problem, seed);
    reference_forward(values);
    if (problem.direction == Direction::backward) reference_backward(values);
    reference_ = std::move(values);
    reference_key_ = key;
  }
  return *reference_;
}

LoadedKernel& JobExecutor::kernel(const KernelLaunchSpec& launch) {
  const std::string id = launch.cubin_key + "/" + launch.kernel;
  if (auto it = kernels_.find(id); it != kernels_.end()) return it->second;
  auto library = libraries_.find(launch.cubin_key);
  if (library == libraries_.end()) {
    const auto compiled = cache_.load(launch.cubin_key);
    if (!compiled || compiled->cubin.empty())
      throw std::runtime_error(fmt::format("{}: CUBIN {} is not in the compile cache {}",
                                           launch.label, launch.cubin_key,
                                           cache_.entry_dir(launch.cubin_key).string()));
    library =
        libraries_.emplace(launch.cubin_key, CubinLibrary(compiled->cubin, launch.label)).first;
  }
  return kernels_.emplace(id, library->second.kernel(launch.kernel)).first->second;
}

namespace {

// Queues the job's launches: clear what is accumulated atomically, set the step, launch.
void enqueue_launches(const RunJob& job, const LayerBuffers& buffers,
                      const std::vector<LoadedKernel*>& kernels, cudaStream_t stream) {
  MhcLayerArgs args = buffers.args();
  for (size_t i = 0; i < job.launches.size(); ++i) {
    const auto& launch = job.launches[i];
    for (const auto tensor : launch.zero_before) buffers.buffer(tensor).fill(0, stream);
    args.step = launch.step;
    launch_kernel(*kernels[i], launch.geometry, args, stream, launch.label);
  }
}

}  // namespace

JobResult JobExecutor::execute(const RunJob& job) {
  const std::string context = fmt::format("{} on {}", job.subject, to_string(job.problem));
  const LayerValues& expected = reference(job.problem, job.seed);
  std::vector<LoadedKernel*> kernels;
  for (const auto& launch : job.launches) kernels.push_back(&kernel(launch));

  JobResult result;
  const cudaStream_t stream = rig_->stream();
  LayerBuffers buffers(job.problem, job.workspace_bytes, context);
  try {
    for (const auto tensor : job.inputs) buffers.upload(tensor, expected[tensor], stream);
    buffers.poison(job.outputs, stream);
    enqueue_launches(job, buffers, kernels, stream);
    rig_->owned_stream().synchronize(context);
  } catch (const CudaError& e) {
    if (e.sticky()) throw;  // the context is gone: let the worker die and be replaced
    result.outcome = JobOutcome::fault;
    result.message = e.what();
    return result;
  }

  std::vector<ProducedTensor> produced;
  for (const auto tensor : job.outputs)
    produced.push_back({tensor, buffers.download(tensor, stream)});
  const auto verdict = verify_outputs(expected, produced, job.inputs, job.math);
  result.rel_norm_error = verdict.worst_rel_norm_error;
  result.max_abs_error = verdict.worst_max_abs_error;
  if (!verdict.passed) {
    result.outcome = JobOutcome::wrong;
    result.message = verdict.failure;
    return result;
  }
  if (!job.measure) return result;
  result.timing = measure_pipeline(
      *rig_, [&](cudaStream_t s) { enqueue_launches(job, buffers, kernels, s); },
      job.measure_options, context);
  return result;
}

}  // namespace mhc
