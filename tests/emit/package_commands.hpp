#pragma once
// Work folders for the package tests, and building the example app against an installed package
// with CMake, as an app would (find_package).
#include <filesystem>
#include <string>

#include "common/run_process.hpp"

namespace mhc::testing {

inline std::string quote(const std::filesystem::path& path) {
  return "'" + path.string() + "'";
}

// An empty folder under the build tree for one test binary's package.
inline std::filesystem::path fresh_work_dir(const std::string& name) {
  const auto root = std::filesystem::path(MHC_BINARY_DIR) / "tests" / "emit" / name;
  std::filesystem::remove_all(root);
  std::filesystem::create_directories(root);
  return root;
}

inline ProcessResult build_example(const std::filesystem::path& package,
                                   const std::filesystem::path& build_dir) {
  const auto source = std::filesystem::path(MHC_SOURCE_DIR) / "examples" / "mhc_tuned_app";
  return run_process("cmake -S " + quote(source) + " -B " + quote(build_dir) +
                     " -DCMAKE_BUILD_TYPE=Release -DCMAKE_PREFIX_PATH=" + quote(package) +
                     " && cmake --build " + quote(build_dir) + " --parallel 2");
}

}  // namespace mhc::testing
