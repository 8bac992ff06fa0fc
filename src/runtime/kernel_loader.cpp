#include "runtime/kernel_loader.hpp"

namespace mhc::runtime {
namespace {

// One image's kernel, loaded into the current context now: with lazy loading (CUDA's default) a
// CUBIN for another architecture "loads" and fails only at launch, too late to try the PTX.
// cudaFuncGetAttributes needs the kernel's code in this context, so it forces the load.
cudaError_t load_kernel(const void* image, const std::string& name, cudaLibrary_t* library,
                        cudaKernel_t* kernel) {
  cudaError_t error = cudaLibraryLoadData(library, image, nullptr, nullptr, 0, nullptr, nullptr, 0);
  if (error != cudaSuccess) return error;
  error = cudaLibraryGetKernel(kernel, *library, name.c_str());
  cudaFuncAttributes attributes{};
  if (error == cudaSuccess)
    error = cudaFuncGetAttributes(&attributes, reinterpret_cast<const void*>(*kernel));
  if (error != cudaSuccess) {
    cudaLibraryUnload(*library);
    *library = nullptr;
  }
  return error;
}

}  // namespace

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
  cudaError_t error = cudaErrorNoKernelImageForDevice;
  if (binary.cubin != nullptr)
    error = load_kernel(binary.cubin, binary.lowered_name, &library, kernel);
  if (error != cudaSuccess && binary.ptx != nullptr) {
    cudaGetLastError();  // the CUBIN's (non-sticky) failure gives way to the PTX attempt's result
    error = load_kernel(binary.ptx, binary.lowered_name, &library, kernel);
  }
  if (error != cudaSuccess) return error;
  libraries_.push_back(library);
  kernels_[&binary] = *kernel;
  return cudaSuccess;
}

}  // namespace mhc::runtime
