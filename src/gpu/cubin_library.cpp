#include "gpu/cubin_library.hpp"

#include <fmt/format.h>

#include <utility>

#include "gpu/cuda_error.hpp"

namespace mhc {

void LoadedKernel::reserve_dynamic_shared(uint32_t bytes) {
  if (bytes <= dynamic_shared_limit_) return;
  int device = 0;
  check_cuda(cudaGetDevice(&device), "cudaGetDevice", name_);
  check_cuda(cudaKernelSetAttributeForDevice(handle_, cudaFuncAttributeMaxDynamicSharedMemorySize,
                                             static_cast<int>(bytes), device),
             "cudaKernelSetAttributeForDevice(MaxDynamicSharedMemorySize)",
             fmt::format("{} with {} bytes of dynamic shared memory", name_, bytes));
  dynamic_shared_limit_ = bytes;
}

CubinLibrary::CubinLibrary(std::span<const char> image, std::string label)
    : label_(std::move(label)) {
  if (image.empty())
    throw CudaError(cudaErrorInvalidValue, "cudaLibraryLoadData", label_ + ": empty image");
  check_cuda(cudaLibraryLoadData(&library_, image.data(), nullptr, nullptr, 0, nullptr, nullptr, 0),
             "cudaLibraryLoadData", label_);
}

CubinLibrary::~CubinLibrary() {
  if (library_ != nullptr) cudaLibraryUnload(library_);
}

CubinLibrary::CubinLibrary(CubinLibrary&& other) noexcept
    : library_(std::exchange(other.library_, nullptr)), label_(std::move(other.label_)) {}

CubinLibrary& CubinLibrary::operator=(CubinLibrary&& other) noexcept {
  if (this != &other) {
    if (library_ != nullptr) cudaLibraryUnload(library_);
    library_ = std::exchange(other.library_, nullptr);
    label_ = std::move(other.label_);
  }
  return *this;
}

LoadedKernel CubinLibrary::kernel(const std::string& lowered_name) const {
  const std::string context = fmt::format("kernel {} of {}", lowered_name, label_);
  cudaKernel_t handle = nullptr;
  check_cuda(cudaLibraryGetKernel(&handle, library_, lowered_name.c_str()), "cudaLibraryGetKernel",
             context);
  cudaFuncAttributes raw{};
  check_cuda(cudaFuncGetAttributes(&raw, reinterpret_cast<const void*>(handle)),
             "cudaFuncGetAttributes", context);
  KernelAttributes attributes;
  attributes.registers = raw.numRegs;
  attributes.local_bytes = static_cast<int64_t>(raw.localSizeBytes);
  attributes.static_shared_bytes = static_cast<int64_t>(raw.sharedSizeBytes);
  attributes.max_threads_per_block = raw.maxThreadsPerBlock;
  attributes.binary_version = raw.binaryVersion;
  return LoadedKernel(handle, lowered_name, attributes);
}

}  // namespace mhc
