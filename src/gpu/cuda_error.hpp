#pragma once
// Every CUDA runtime status is checked at the call, and a failure names the call, the caller's
// context (variant, shape, buffer) and the CUDA error, so a sweep log says which attempt broke how.
#include <cuda_runtime.h>

#include <stdexcept>
#include <string>
#include <string_view>

namespace mhc {

class CudaError : public std::runtime_error {
 public:
  CudaError(cudaError_t status, std::string_view call, std::string_view context);
  cudaError_t status() const { return status_; }
  // A sticky error (an illegal address, a trap, a launch failure) leaves the CUDA context unusable:
  // only a new process can run kernels again. The sweep restarts its worker on these.
  bool sticky() const;

 private:
  cudaError_t status_;
};

// Throws CudaError when status is not cudaSuccess. `call` names the API ("cudaMalloc"), `context`
// says what it was for ("x of dynamic/forward/f32/paper/320,1280,4").
void check_cuda(cudaError_t status, std::string_view call, std::string_view context);

bool is_sticky_cuda_error(cudaError_t status);

}  // namespace mhc
