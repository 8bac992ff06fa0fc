#pragma once
// `--gpu NAME`: resolved against the detected device, so numbers are never recorded under the
// wrong GPU's name.
#include <string>

#include "gpu/device_query.hpp"
#include "plan/gpu_targets.hpp"

namespace mhc::cli {

struct ResolvedGpu {
  GpuTarget target;
  HostEnvironment host;
  const DeviceInfo* device = nullptr;  // the detected device, when there is one
};

// `require_device`: sweep and bench need the GPU itself (NoDeviceError, exit 3, without one);
// compile needs only the architecture.
ResolvedGpu resolve_gpu_option(const std::string& name, bool require_device);

inline std::string gpu_option_help() {
  return "GPU to tune for: " + known_gpu_names() + " (must match the detected GPU)";
}

}  // namespace mhc::cli
