#pragma once
// `mhc-tune emit`: writes the libmhc_tuned package for one GPU of a tuning database into a folder
//   <out>/source/   CMake project: include/mhc_tuned.h, src/{core,ops,runtime} (copied from this
//                   project, so geometry and validity for any shape are the ops' own), kernels/
//                   common/mhc_layer_args.h, third_party/fmt (header-only), generated/ (the table,
//                   the kernel binaries and the assembly that embeds them), cmake/
//                   mhc_tunedConfig.cmake; and the float64 reference with the verification bounds
//                   (src/{reference,verify}, src/gpu's host-side storage conversion) that the
//                   library target mhc_tuned_reference gives apps for their own checks
// and with `build`, configures, builds and installs it into <out> (lib/, include/,
// lib/cmake/mhc_tuned), so an app finds it with CMAKE_PREFIX_PATH=<out>.
#include <filesystem>
#include <string>
#include <vector>

#include "emit/embedded_kernels.hpp"
#include "emit/emit_model.hpp"
#include "jit/compiler_settings.hpp"

namespace mhc::emit {

struct EmitOptions {
  std::filesystem::path database;
  std::filesystem::path out;
  std::filesystem::path project_dir;  // holds templates/emit, src/, kernels/
  // fmt's header folder, copied into the package (mhc-tune emit: $MHC_FMT_INCLUDE if set).
  std::filesystem::path fmt_include = "/usr/include/fmt";
  std::string version;
  EmitModelOptions model;
  CompilerSettings compiler;
  EmbedOptions embed;
  bool build = false;
};

struct EmitResult {
  std::filesystem::path source_dir;
  size_t entries = 0;
  size_t kernels = 0;
  std::vector<std::string> warnings;
};

EmitResult emit_package(const EmitOptions& options);

}  // namespace mhc::emit
