#include "gpu/device_query.hpp"

#include <cuda_runtime.h>
#include <cupti.h>
#include <fmt/format.h>
#include <nvrtc.h>

namespace mhc {

namespace {

std::string no_device_reason(cudaError_t status, int count) {
  switch (status) {
    case cudaSuccess:
      return count == 0 ? "no CUDA GPU found (the driver reports 0 devices)" : "";
    case cudaErrorInsufficientDriver:
    case cudaErrorStubLibrary:
      return fmt::format("no CUDA driver found ({})", cudaGetErrorName(status));
    case cudaErrorNoDevice:
      return fmt::format("no CUDA GPU found ({})", cudaGetErrorName(status));
    default:
      return fmt::format("CUDA is not usable ({}: {})", cudaGetErrorName(status),
                         cudaGetErrorString(status));
  }
}

int attribute(cudaDeviceAttr attr, int device) {
  int value = 0;
  return cudaDeviceGetAttribute(&value, attr, device) == cudaSuccess ? value : 0;
}

std::string format_uuid(const cudaUUID_t& uuid) {
  std::string text = "GPU-";
  for (int i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) text += '-';
    text += fmt::format("{:02x}", static_cast<unsigned char>(uuid.bytes[i]));
  }
  return text;
}

DeviceInfo describe_device(int ordinal) {
  DeviceInfo d;
  d.ordinal = ordinal;
  cudaDeviceProp prop{};
  if (cudaGetDeviceProperties(&prop, ordinal) == cudaSuccess) {
    d.name = prop.name;
    d.uuid = format_uuid(prop.uuid);
    d.memory_bytes = static_cast<int64_t>(prop.totalGlobalMem);
  }
  d.major = attribute(cudaDevAttrComputeCapabilityMajor, ordinal);
  d.minor = attribute(cudaDevAttrComputeCapabilityMinor, ordinal);
  d.sm_count = attribute(cudaDevAttrMultiProcessorCount, ordinal);
  d.l2_bytes = attribute(cudaDevAttrL2CacheSize, ordinal);
  d.memory_bus_bits = attribute(cudaDevAttrGlobalMemoryBusWidth, ordinal);
  d.sm_clock_khz = attribute(cudaDevAttrClockRate, ordinal);
  d.memory_clock_khz = attribute(cudaDevAttrMemoryClockRate, ordinal);
  return d;
}

ToolchainVersions query_versions() {
  ToolchainVersions v;
  v.cuda_toolkit = CUDART_VERSION;
  cudaRuntimeGetVersion(&v.cuda_runtime);
  if (cudaDriverGetVersion(&v.driver) != cudaSuccess) v.driver = 0;
  nvrtcVersion(&v.nvrtc_major, &v.nvrtc_minor);
  if (cuptiGetVersion(&v.cupti) != CUPTI_SUCCESS) v.cupti = 0;
  return v;
}

}  // namespace

HostEnvironment query_host_environment() {
  HostEnvironment env;
  env.versions = query_versions();
  int count = 0;
  const cudaError_t status = cudaGetDeviceCount(&count);
  env.no_device_reason = no_device_reason(status, count);
  if (status == cudaSuccess)
    for (int i = 0; i < count; ++i) env.devices.push_back(describe_device(i));
  cudaGetLastError();  // a failed probe must not leave a sticky error for later calls
  return env;
}

std::string format_cuda_version(int version) {
  if (version <= 0) return "none";
  return fmt::format("{}.{}", version / 1000, (version % 1000) / 10);
}

}  // namespace mhc
