// `mhc-tune info`: what a user pastes into a bug report.
#include <fmt/format.h>

#include <memory>

#include "build_info.hpp"
#include "cli/command.hpp"
#include "core/errors.hpp"
#include "core/json_writer.hpp"
#include "gpu/device_query.hpp"

namespace mhc::cli {
namespace {

std::string cupti_version_text(uint32_t version) {
  return version == 0 ? "unavailable" : fmt::format("{}", version);
}

void print_text(const HostEnvironment& env) {
  const auto& v = env.versions;
  fmt::print("mhc-tune       {} (commit {})\n", build_info::kVersion, build_info::kGitCommit);
  fmt::print("CUDA toolkit   {} (built with), runtime {}\n", format_cuda_version(v.cuda_toolkit),
             format_cuda_version(v.cuda_runtime));
  fmt::print("NVRTC          {}.{}\n", v.nvrtc_major, v.nvrtc_minor);
  fmt::print("CUPTI API      {}\n", cupti_version_text(v.cupti));
  fmt::print("CUDA driver    {}\n", format_cuda_version(v.driver));
  for (const auto& d : env.devices) {
    fmt::print("\nGPU {}: {}\n", d.ordinal, d.name);
    fmt::print("  uuid                {}\n", d.uuid);
    fmt::print("  compute capability  {}.{}\n", d.major, d.minor);
    fmt::print("  SMs                 {}\n", d.sm_count);
    fmt::print("  L2 cache            {:.1f} MiB\n", d.l2_bytes / 1048576.0);
    fmt::print("  memory              {:.1f} GiB, {}-bit bus\n", d.memory_bytes / 1073741824.0,
               d.memory_bus_bits);
    fmt::print("  clocks (peak)       SM {} MHz, memory {} MHz\n", d.sm_clock_khz / 1000,
               d.memory_clock_khz / 1000);
    fmt::print("  peak bandwidth      {:.0f} GB/s (2 x memory clock x bus width)\n",
               d.peak_bandwidth_gbps());
  }
  if (!env.no_device_reason.empty()) fmt::print("\n{}\n", env.no_device_reason);
}

void print_json(const HostEnvironment& env) {
  const auto& v = env.versions;
  JsonWriter json;
  json.begin_object();
  json.field("mhc_tune_version", build_info::kVersion).field("git_commit", build_info::kGitCommit);
  json.field("cuda_toolkit", format_cuda_version(v.cuda_toolkit))
      .field("cuda_runtime", format_cuda_version(v.cuda_runtime));
  json.field("nvrtc", fmt::format("{}.{}", v.nvrtc_major, v.nvrtc_minor));
  json.key("cupti_api");
  v.cupti == 0 ? json.null() : json.value(static_cast<int64_t>(v.cupti));
  json.key("driver");
  v.driver == 0 ? json.null() : json.value(format_cuda_version(v.driver));
  json.key("gpus").begin_array();
  for (const auto& d : env.devices) {
    json.begin_object()
        .field("ordinal", d.ordinal)
        .field("name", d.name)
        .field("uuid", d.uuid)
        .field("compute_capability", fmt::format("{}.{}", d.major, d.minor))
        .field("sm_count", d.sm_count)
        .field("l2_bytes", d.l2_bytes)
        .field("memory_bytes", d.memory_bytes)
        .field("memory_bus_bits", d.memory_bus_bits)
        .field("sm_clock_mhz", d.sm_clock_khz / 1000)
        .field("memory_clock_mhz", d.memory_clock_khz / 1000)
        .field("peak_bandwidth_gbps", d.peak_bandwidth_gbps())
        .end_object();
  }
  json.end_array();
  json.key("no_device_reason");
  env.no_device_reason.empty() ? json.null() : json.value(env.no_device_reason);
  json.end_object();
  fmt::print("{}\n", json.str());
}

Command make_info_command(CLI::App& parent) {
  auto json = std::make_shared<bool>(false);
  CLI::App* app =
      add_subcommand(parent, "info",
                     "Versions of mhc-tune, CUDA, NVRTC, CUPTI and the driver, and each "
                     "GPU's facts (exit 3 without a driver or GPU)");
  app->add_flag("--json", *json, "Print one JSON object instead of text");
  return {app, [json] {
            const HostEnvironment env = query_host_environment();
            *json ? print_json(env) : print_text(env);
            return env.devices.empty() ? kExitNoDevice : kExitOk;
          }};
}

}  // namespace

MHC_COMMAND(10, make_info_command);

}  // namespace mhc::cli
