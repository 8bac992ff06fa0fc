#pragma once
// The GPU names users type (`--gpu h100`), the architecture each compiles for, and the device names
// each must match, so a database never records one GPU's numbers under another's name.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mhc {

struct GpuTarget {
  std::string name;                       // what users type: "h100"
  std::string arch;                       // NVRTC target: "sm_90a"
  int major = 0, minor = 0;               // compute capability
  std::vector<std::string> device_names;  // marketing names found in the driver's device name
};

// The known targets, in the order `--help` lists them.
const std::vector<GpuTarget>& known_gpu_targets();
std::string known_gpu_names();  // "h100, h200, ..." for messages

// True when `device_name` (e.g. "NVIDIA H100 80GB HBM3") names this target as a whole word, so
// "H20" does not match "H200" and "L40" does not match "L40S".
bool target_matches_device(const GpuTarget& target, std::string_view device_name);

// The facts of the detected device that naming needs (see gpu/device_query.hpp for the rest).
struct DetectedDevice {
  std::string name;
  int major = 0, minor = 0;
};

// `name` is a known target, or "auto" for the detected device. With a detected device, the target
// must match it. Throws UsageError naming the bad value and the known names; throws UsageError for
// "auto" without a device (callers that need one report NoDeviceError first).
GpuTarget resolve_gpu_target(std::string_view name, const std::optional<DetectedDevice>& detected);

// A target for a device no table entry names: arch from its compute capability.
GpuTarget generic_target(const DetectedDevice& device);

}  // namespace mhc
