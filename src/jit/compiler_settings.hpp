#pragma once
// Where the compiler finds kernel sources and CUDA headers and where it keeps its cache. NVRTC
// reads headers at run time, so these are looked up when mhc-tune runs, not fixed at build time.
//
// Environment knobs (all optional):
//   MHC_KERNELS_DIR    the kernels/ directory (default: <source dir>/kernels, then a kernels/
//                      found upward from the executable)
//   MHC_CUDA_INCLUDE   CUDA's include directory (default: the build's toolkit, then
//                      /usr/local/cuda/include); its cccl/ subdirectory is added when present
//   MHC_CACHE_DIR      compile cache (default: $XDG_CACHE_HOME/mhc-tune, then ~/.cache/mhc-tune)
#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace mhc {

struct CompilerSettings {
  std::filesystem::path kernels_dir;                     // include path and base of source_path
  std::vector<std::filesystem::path> cuda_include_dirs;  // e.g. include/ and include/cccl/
  std::filesystem::path cache_dir;
  bool use_cache = true;
  // compile_many kills a worker that takes longer than this on one request.
  std::chrono::milliseconds worker_timeout = std::chrono::minutes(5);
};

// Resolves every path as the knobs above describe; throws std::runtime_error naming what was
// tried when the kernels or CUDA include directory cannot be found.
CompilerSettings default_compiler_settings();

// The resolution rules, with their inputs passed in so they can be tested. `env` is the value of
// the environment variable, if set.
std::filesystem::path find_kernels_dir(const std::optional<std::string>& env,
                                       const std::filesystem::path& source_dir,
                                       const std::filesystem::path& executable);
std::vector<std::filesystem::path> find_cuda_include_dirs(const std::optional<std::string>& env,
                                                          const std::filesystem::path& build_dir);
std::filesystem::path find_cache_dir(const std::optional<std::string>& cache_env,
                                     const std::optional<std::string>& xdg_cache_home,
                                     const std::optional<std::string>& home);

}  // namespace mhc
