// `mhc-tune emit`: the libmhc_tuned package (dispatch table, embedded kernels, C API, CMake
// package) from the tuning database alone; `--build` also builds and installs it.
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <memory>

#include "build_info.hpp"
#include "cli/command.hpp"
#include "cli/db_option.hpp"
#include "core/errors.hpp"
#include "emit/emit_package.hpp"

namespace mhc::cli {
namespace {

struct EmitCommandOptions {
  std::string db, gpu, out, fallback = "all", ptx_arch = "compute_80";
  int jobs = 0;
  bool build = false;
};

int run_emit(const EmitCommandOptions& c) {
  emit::EmitOptions o;
  o.database = c.db;
  o.out = c.out;
  o.compiler = default_compiler_settings();
  o.project_dir = o.compiler.kernels_dir.parent_path();  // kernels/ sits beside src/, templates/
  if (const char* fmt_dir = std::getenv("MHC_FMT_INCLUDE")) o.fmt_include = fmt_dir;
  o.version = build_info::kVersion;
  o.model.gpu = c.gpu;
  o.model.fallback = c.fallback == "tuned" ? emit::FallbackScope::tuned : emit::FallbackScope::all;
  o.embed.ptx_arch = c.ptx_arch == "none" ? "" : c.ptx_arch;
  o.embed.jobs = c.jobs > 0 ? c.jobs : std::max(1, static_cast<int>(sysconf(_SC_NPROCESSORS_ONLN)));
  o.build = c.build;
  const auto result = emit::emit_package(o);
  for (const auto& w : result.warnings) fmt::print(stderr, "emit: warning: {}\n", w);
  fmt::print(stderr, "emit: {} tuned problems, {} kernels -> {}{}\n", result.entries,
             result.kernels, result.source_dir.string(), c.build ? " (built and installed)" : "");
  return kExitOk;
}

Command make_emit_command(CLI::App& parent) {
  auto o = std::make_shared<EmitCommandOptions>();
  CLI::App* app = add_subcommand(
      parent, "emit",
      "Write the libmhc_tuned package (C API, dispatch table, embedded kernels, CMake package) "
      "from the tuning database");
  add_db_option(*app, o->db);
  app->add_option("--gpu", o->gpu, "Device name or uuid in the database (default: the only one)");
  app->add_option("--out", o->out, "Output folder")->required();
  app->add_option("--fallback", o->fallback,
                  "Fallback kernels for every supported class (all) or only the tuned ones")
      ->check(CLI::IsMember({"all", "tuned"}));
  app->add_option("--ptx-arch", o->ptx_arch,
                  "Virtual architecture of the PTX embedded beside the CUBINs, which the driver "
                  "JIT-compiles on other GPUs (compute_XX[a], or none)")
      ->capture_default_str()
      ->check([](const std::string& v) {
        return v == "none" || v.rfind("compute_", 0) == 0
                   ? std::string()
                   : "'" + v + "': expected compute_XX (e.g. compute_80) or none";
      });
  app->add_option("--jobs", o->jobs, "Compiler worker processes (default: the core count)")
      ->check(CLI::NonNegativeNumber);
  app->add_flag("--build", o->build, "Also build libmhc_tuned.so/.a and install them under --out");
  return {app, [o] { return run_emit(*o); }};
}

}  // namespace

MHC_COMMAND(80, make_emit_command);

}  // namespace mhc::cli
