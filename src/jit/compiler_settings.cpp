#include "jit/compiler_settings.hpp"

#include <fmt/format.h>
#include <pwd.h>
#include <unistd.h>

#include <cstdlib>
#include <stdexcept>

#include "build_info.hpp"

namespace mhc {

namespace fs = std::filesystem;

namespace {

// A file every kernels/ directory has; it marks the right directory in an upward search.
constexpr const char* kKernelsMarker = "common/mhc_layer_args.h";

std::optional<std::string> environment(const char* name) {
  const char* value = std::getenv(name);
  if (value == nullptr || *value == '\0') return std::nullopt;
  return std::string(value);
}

fs::path executable_path() {
  std::error_code error;
  const fs::path path = fs::read_symlink("/proc/self/exe", error);
  return error ? fs::path() : path;
}

std::optional<std::string> home_directory() {
  if (auto home = environment("HOME")) return home;
  const passwd* entry = getpwuid(getuid());  // startup-time lookup; no threads compete here
  if (entry != nullptr && entry->pw_dir != nullptr) return std::string(entry->pw_dir);
  return std::nullopt;
}

}  // namespace

fs::path find_kernels_dir(const std::optional<std::string>& env, const fs::path& source_dir,
                          const fs::path& executable) {
  if (env) {
    if (!fs::is_directory(*env))
      throw std::runtime_error(fmt::format("MHC_KERNELS_DIR={} is not a directory", *env));
    return fs::absolute(*env);
  }
  std::vector<std::string> tried;
  if (!source_dir.empty()) {
    const fs::path candidate = source_dir / "kernels";
    if (fs::is_directory(candidate)) return candidate;
    tried.push_back(candidate.string());
  }
  for (fs::path dir = executable.parent_path(); !dir.empty(); dir = dir.parent_path()) {
    const fs::path candidate = dir / "kernels";
    if (fs::is_regular_file(candidate / kKernelsMarker)) return candidate;
    tried.push_back(candidate.string());
    if (dir == dir.parent_path()) break;
  }
  throw std::runtime_error(fmt::format(
      "cannot find the kernels directory (set MHC_KERNELS_DIR); tried: {}; none holds {}",
      fmt::join(tried, ", "), kKernelsMarker));
}

std::vector<fs::path> find_cuda_include_dirs(const std::optional<std::string>& env,
                                             const fs::path& build_dir) {
  fs::path include;
  if (env) {
    if (!fs::is_directory(*env))
      throw std::runtime_error(fmt::format("MHC_CUDA_INCLUDE={} is not a directory", *env));
    include = *env;
  } else if (!build_dir.empty() && fs::is_directory(build_dir)) {
    include = build_dir;
  } else if (fs::is_directory("/usr/local/cuda/include")) {
    include = "/usr/local/cuda/include";
  } else {
    throw std::runtime_error(
        fmt::format("cannot find CUDA's include directory (set MHC_CUDA_INCLUDE); tried: {}, "
                    "/usr/local/cuda/include",
                    build_dir.empty() ? "(no build-time directory)" : build_dir.string()));
  }
  std::vector<fs::path> dirs = {include};
  // CUDA 13 keeps cuda/std, cub and thrust in cccl/.
  if (fs::is_directory(include / "cccl")) dirs.push_back(include / "cccl");
  return dirs;
}

fs::path find_cache_dir(const std::optional<std::string>& cache_env,
                        const std::optional<std::string>& xdg_cache_home,
                        const std::optional<std::string>& home) {
  if (cache_env) return *cache_env;
  if (xdg_cache_home) return fs::path(*xdg_cache_home) / "mhc-tune";
  if (home) return fs::path(*home) / ".cache" / "mhc-tune";
  throw std::runtime_error(
      "cannot choose a compile cache directory: MHC_CACHE_DIR, XDG_CACHE_HOME and HOME are unset");
}

CompilerSettings default_compiler_settings() {
  CompilerSettings settings;
  settings.kernels_dir =
      find_kernels_dir(environment("MHC_KERNELS_DIR"), build_info::kSourceDir, executable_path());
  settings.cuda_include_dirs =
      find_cuda_include_dirs(environment("MHC_CUDA_INCLUDE"), build_info::kCudaIncludeDir);
  settings.cache_dir =
      find_cache_dir(environment("MHC_CACHE_DIR"), environment("XDG_CACHE_HOME"), home_directory());
  return settings;
}

}  // namespace mhc
