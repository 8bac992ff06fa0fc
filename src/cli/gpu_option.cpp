#include "cli/gpu_option.hpp"

#include "core/errors.hpp"

namespace mhc::cli {

ResolvedGpu resolve_gpu_option(const std::string& name, bool require_device) {
  ResolvedGpu resolved;
  // An unknown name is a usage error on any machine, before the GPU is looked for.
  if (name != "auto") resolve_gpu_target(name, std::nullopt);
  resolved.host = query_host_environment();
  if (!resolved.host.devices.empty()) resolved.device = &resolved.host.devices.front();
  if (resolved.device == nullptr && (require_device || name == "auto"))
    throw NoDeviceError(resolved.host.no_device_reason);
  std::optional<DetectedDevice> detected;
  if (resolved.device != nullptr) detected = resolved.device->detected();
  resolved.target = resolve_gpu_target(name, detected);
  return resolved;
}

}  // namespace mhc::cli
