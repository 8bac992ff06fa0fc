#include "runtime/kernel_loader.hpp"

namespace mhc::runtime {

KernelLoader::~KernelLoader() {
  for (auto library : libraries_) cudaLibraryUnload(library);
}

cudaError_t KernelLoader::get(const KernelBinary& binary, cudaKernel_t* kernel) {
  std::lock_guard lock(mutex_);
  if (auto it = kernels_.find(&binary); it != kernels_.end()) {
    *kernel = it->second;
    return cudaSuccess;
  }
  cudaLibrary_t library = nullptr;
  cudaError_t error = cudaErrorInvalidKernelImage;
  if (binary.cubin != nullptr)
    error = cudaLibraryLoadData(&library, binary.cubin, nullptr, nullptr, 0, nullptr, nullptr, 0);
  if (error != cudaSuccess && binary.ptx != nullptr) {
    cudaGetLastError();  // the CUBIN's failure is replaced by the PTX attempt's result
    error = cudaLibraryLoadData(&library, binary.ptx, nullptr, nullptr, 0, nullptr, nullptr, 0);
  }
  if (error != cudaSuccess) return error;
  libraries_.push_back(library);
  error = cudaLibraryGetKernel(kernel, library, binary.lowered_name.c_str());
  if (error == cudaSuccess) kernels_[&binary] = *kernel;
  return error;
}

}  // namespace mhc::runtime
