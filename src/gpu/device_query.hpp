#pragma once
// What this host's CUDA stack and GPUs are: the facts `mhc-tune info` prints and every run records.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "plan/gpu_targets.hpp"

namespace mhc {

struct DeviceInfo {
  int ordinal = 0;
  std::string name;
  std::string uuid;
  int major = 0, minor = 0;
  int sm_count = 0;
  int64_t l2_bytes = 0;
  int64_t memory_bytes = 0;
  int memory_bus_bits = 0;
  int sm_clock_khz = 0;      // peak SM clock the driver reports
  int memory_clock_khz = 0;  // peak memory clock the driver reports
  // Datasheet-style peak: two transfers per memory clock times the bus width. Reports compare
  // against a copy bandwidth measured in the same run; this is the ceiling above that.
  double peak_bandwidth_gbps() const {
    return 2.0 * memory_clock_khz * 1e3 * (memory_bus_bits / 8.0) / 1e9;
  }
  DetectedDevice detected() const { return {name, major, minor}; }
};

struct ToolchainVersions {
  int cuda_toolkit = 0;  // CUDART_VERSION mhc-tune was built with, e.g. 13000
  int cuda_runtime = 0;  // cudaRuntimeGetVersion
  int driver = 0;        // cudaDriverGetVersion; 0 without a driver
  int nvrtc_major = 0, nvrtc_minor = 0;
  uint32_t cupti = 0;  // cuptiGetVersion; 0 when CUPTI cannot be read
};

struct HostEnvironment {
  ToolchainVersions versions;
  std::vector<DeviceInfo> devices;
  // Empty when at least one GPU was found; otherwise one line naming why, e.g.
  // "no CUDA driver found (cudaErrorInsufficientDriver)".
  std::string no_device_reason;
};

// Probes the driver and every GPU. Never throws for a missing driver or GPU.
HostEnvironment query_host_environment();

// "13.0" from 13000.
std::string format_cuda_version(int version);

}  // namespace mhc
