#pragma once
// Runs a dispatch decision on the caller's stream: workspace, clearing of accumulated outputs, and
// one cudaLaunchKernel per launch of the pipeline, each with a single MhcLayerArgs argument.
//
// The workspace is taken with cudaMallocAsync and returned with cudaFreeAsync on the caller's
// stream, so it is ordered with the kernels that use it and calls on different streams never share
// scratch memory (the driver's pool makes repeated calls cheap).
#include <cuda_runtime_api.h>

#include "core/layer_tensors.hpp"
#include "gpu/layer_args.hpp"
#include "runtime/dispatch_policy.hpp"
#include "runtime/kernel_loader.hpp"

namespace mhc::runtime {

// The tensors the decision's ops read or write: the ones a caller must pass.
std::vector<Tensor> required_tensors(const DispatchDecision& decision);

cudaError_t launch_layer(KernelLoader& loader, const DispatchDecision& decision,
                         const Problem& problem, const TensorPointers& tensors,
                         cudaStream_t stream);

}  // namespace mhc::runtime
