#include "runtime/layer_launcher.hpp"

#include <algorithm>

#include "gpu/layer_args.hpp"

namespace mhc::runtime {
namespace {

const PlannedOp* planned(const DispatchDecision& decision, const std::string& name) {
  for (const auto& p : decision.ops)
    if (p.op->name == name) return &p;
  return nullptr;
}

}  // namespace

std::vector<Tensor> required_tensors(const DispatchDecision& decision) {
  std::vector<Tensor> tensors;
  for (const auto& p : decision.ops)
    for (const auto* list : {&p.op->reads, &p.op->writes})
      for (Tensor t : *list)
        if (std::find(tensors.begin(), tensors.end(), t) == tensors.end()) tensors.push_back(t);
  return tensors;
}

cudaError_t launch_layer(KernelLoader& loader, const DispatchDecision& decision,
                         const Problem& problem, const TensorPointers& tensors,
                         cudaStream_t stream) {
  int64_t workspace_bytes = 0;
  for (const auto& p : decision.ops)
    if (p.op->workspace_bytes)
      workspace_bytes = std::max(workspace_bytes, p.op->workspace_bytes(problem, p.point));
  void* workspace = nullptr;
  if (workspace_bytes > 0) {
    if (auto e = cudaMallocAsync(&workspace, static_cast<size_t>(workspace_bytes), stream))
      return e;
  }
  cudaError_t error = cudaSuccess;
  for (const auto& [name, step] : decision.pipeline->launches(problem)) {
    const PlannedOp* p = planned(decision, name);
    if (p == nullptr) {
      error = cudaErrorInvalidValue;
      break;
    }
    for (Tensor t : p->op->zero_before) {
      error = cudaMemsetAsync(tensors[static_cast<int>(t)], 0,
                              static_cast<size_t>(tensor_info(t, problem).bytes()), stream);
      if (error != cudaSuccess) break;
    }
    cudaKernel_t kernel = nullptr;
    if (error == cudaSuccess) error = loader.get(*p->kernel, &kernel);
    if (error != cudaSuccess) break;
    const LaunchGeometry g = p->op->geometry(problem, p->point);
    if (g.shared_bytes > 48 * 1024)  // above the default limit a kernel must opt in
      cudaFuncSetAttribute(reinterpret_cast<const void*>(kernel),
                           cudaFuncAttributeMaxDynamicSharedMemorySize,
                           static_cast<int>(g.shared_bytes));
    MhcLayerArgs args = make_layer_args(problem, tensors, workspace, workspace_bytes);
    args.step = step;
    void* params[] = {&args};
    error = cudaLaunchKernel(
        reinterpret_cast<const void*>(kernel), dim3(g.grid[0], g.grid[1], g.grid[2]),
        dim3(g.block[0], g.block[1], g.block[2]), params, g.shared_bytes, stream);
    if (error != cudaSuccess) break;
  }
  if (workspace != nullptr) {
    const cudaError_t freed = cudaFreeAsync(workspace, stream);
    if (error == cudaSuccess) error = freed;
  }
  return error;
}

}  // namespace mhc::runtime
