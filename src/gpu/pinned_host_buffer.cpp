#include "gpu/pinned_host_buffer.hpp"

#include <cuda_runtime.h>

#include <cstring>

#include "gpu/cuda_error.hpp"

namespace mhc {

PinnedHostBuffer::PinnedHostBuffer(size_t bytes, std::string label) : bytes_(bytes) {
  check_cuda(cudaHostAlloc(&host_, bytes, cudaHostAllocMapped), "cudaHostAlloc(mapped)", label);
  std::memset(host_, 0, bytes);
  const cudaError_t status = cudaHostGetDevicePointer(&device_, host_, 0);
  if (status != cudaSuccess) {
    cudaFreeHost(host_);
    throw CudaError(status, "cudaHostGetDevicePointer", label);
  }
}

PinnedHostBuffer::~PinnedHostBuffer() {
  cudaFreeHost(host_);
}

}  // namespace mhc
