#include "gpu/cuda_device.hpp"

#include <cuda_runtime.h>
#include <fmt/format.h>

#include "core/errors.hpp"
#include "gpu/cuda_error.hpp"

namespace mhc {

namespace {
int device_attribute(cudaDeviceAttr attr, int ordinal, std::string_view what) {
  int value = 0;
  check_cuda(cudaDeviceGetAttribute(&value, attr, ordinal), "cudaDeviceGetAttribute",
             fmt::format("{} of device {}", what, ordinal));
  return value;
}
}  // namespace

CudaDevice::CudaDevice(int ordinal) : ordinal_(ordinal) {
  int count = 0;
  const cudaError_t probe = cudaGetDeviceCount(&count);
  if (probe != cudaSuccess || count == 0) {
    cudaGetLastError();  // a failed probe must not stay sticky for later calls
    throw NoDeviceError(fmt::format("no CUDA GPU usable ({})", probe == cudaSuccess
                                                                   ? "the driver reports 0 devices"
                                                                   : cudaGetErrorName(probe)));
  }
  if (ordinal < 0 || ordinal >= count)
    throw UsageError(
        fmt::format("GPU {} does not exist; this host has {} (0..{})", ordinal, count, count - 1));
  make_current();
  check_cuda(cudaInitDevice(ordinal, 0, 0), "cudaInitDevice", fmt::format("device {}", ordinal));
  major_ = device_attribute(cudaDevAttrComputeCapabilityMajor, ordinal, "compute capability");
  minor_ = device_attribute(cudaDevAttrComputeCapabilityMinor, ordinal, "compute capability");
  l2_bytes_ = device_attribute(cudaDevAttrL2CacheSize, ordinal, "L2 size");
  sm_count_ = device_attribute(cudaDevAttrMultiProcessorCount, ordinal, "SM count");
}

std::string CudaDevice::sm_arch() const {
  return fmt::format("sm_{}{}", major_, minor_);
}

void CudaDevice::make_current() const {
  check_cuda(cudaSetDevice(ordinal_), "cudaSetDevice", fmt::format("device {}", ordinal_));
}

}  // namespace mhc
