#include "gpu/kernel_launch.hpp"

#include <fmt/format.h>

#include "gpu/cuda_error.hpp"

namespace mhc {

void launch_kernel(LoadedKernel& kernel, const LaunchGeometry& geometry, const MhcLayerArgs& args,
                   cudaStream_t stream, std::string_view context) {
  kernel.reserve_dynamic_shared(geometry.shared_bytes);
  const dim3 grid(geometry.grid[0], geometry.grid[1], geometry.grid[2]);
  const dim3 block(geometry.block[0], geometry.block[1], geometry.block[2]);
  MhcLayerArgs by_value = args;  // the launch reads the argument through this pointer
  void* parameters[] = {&by_value};
  const auto describe = [&] {
    return fmt::format("{} grid ({},{},{}) block ({},{},{}) shared {} B, {}", kernel.name(), grid.x,
                       grid.y, grid.z, block.x, block.y, block.z, geometry.shared_bytes, context);
  };
  const cudaError_t status = cudaLaunchKernel(reinterpret_cast<const void*>(kernel.handle()), grid,
                                              block, parameters, geometry.shared_bytes, stream);
  if (status != cudaSuccess) {
    cudaGetLastError();  // clear it, so the next launch does not report this one's error
    throw CudaError(status, "cudaLaunchKernel", describe());
  }
  const cudaError_t last = cudaGetLastError();
  if (last != cudaSuccess) throw CudaError(last, "cudaLaunchKernel (last error)", describe());
}

}  // namespace mhc
