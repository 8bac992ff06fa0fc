#include "plan/gpu_targets.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

#include "core/errors.hpp"

namespace mhc {

const std::vector<GpuTarget>& known_gpu_targets() {
  // `a` targets (sm_90a, sm_100a) unlock wgmma/setmaxnreg; they run only on that exact family.
  static const std::vector<GpuTarget> targets = {
      {"h100", "sm_90a", 9, 0, {"H100"}},
      {"h200", "sm_90a", 9, 0, {"H200"}},
      {"gh200", "sm_90a", 9, 0, {"GH200"}},
      {"h20", "sm_90a", 9, 0, {"H20"}},
      {"a100", "sm_80", 8, 0, {"A100"}},
      {"a10", "sm_86", 8, 6, {"A10"}},
      {"l4", "sm_89", 8, 9, {"L4"}},
      {"l40s", "sm_89", 8, 9, {"L40S"}},
      {"rtx4090", "sm_89", 8, 9, {"RTX 4090"}},
      {"b200", "sm_100a", 10, 0, {"B200"}},
      {"gb200", "sm_100a", 10, 0, {"GB200"}},
      {"rtx5090", "sm_120a", 12, 0, {"RTX 5090"}},
  };
  return targets;
}

std::string known_gpu_names() {
  std::string names;
  for (const auto& t : known_gpu_targets()) names += (names.empty() ? "" : ", ") + t.name;
  return names + ", auto";
}

bool target_matches_device(const GpuTarget& target, std::string_view device_name) {
  auto is_word = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; };
  for (const auto& marker : target.device_names) {
    for (size_t at = device_name.find(marker); at != std::string_view::npos;
         at = device_name.find(marker, at + 1)) {
      const size_t end = at + marker.size();
      const bool starts = at == 0 || !is_word(device_name[at - 1]);
      const bool ends = end == device_name.size() || !is_word(device_name[end]);
      if (starts && ends) return true;
    }
  }
  return false;
}

GpuTarget generic_target(const DetectedDevice& device) {
  // Hopper and Blackwell datacenter parts get the `a` target the kernels may use.
  const bool family_specific = device.major == 9 || device.major == 10;
  std::string name = device.name;
  std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) {
    return std::isalnum(c) ? static_cast<char>(std::tolower(c)) : '-';
  });
  return GpuTarget{name,
                   fmt::format("sm_{}{}{}", device.major, device.minor, family_specific ? "a" : ""),
                   device.major,
                   device.minor,
                   {device.name}};
}

GpuTarget resolve_gpu_target(std::string_view name, const std::optional<DetectedDevice>& detected) {
  if (name == "auto") {
    if (!detected)
      throw UsageError("--gpu auto needs a detected GPU; name one instead (" + known_gpu_names() +
                       ")");
    for (const auto& t : known_gpu_targets())
      if (target_matches_device(t, detected->name)) return t;
    return generic_target(*detected);
  }
  const auto& targets = known_gpu_targets();
  const auto it = std::find_if(targets.begin(), targets.end(),
                               [&](const GpuTarget& t) { return t.name == name; });
  if (it == targets.end())
    throw UsageError(fmt::format("unknown GPU '{}' (known: {})", name, known_gpu_names()));
  if (detected && !target_matches_device(*it, detected->name))
    throw UsageError(fmt::format(
        "--gpu {} does not match the detected GPU '{}' (sm_{}{}); use --gpu auto or its own name",
        name, detected->name, detected->major, detected->minor));
  return *it;
}

}  // namespace mhc
