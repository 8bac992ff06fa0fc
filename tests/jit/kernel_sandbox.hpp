#pragma once
// Test helper: a private kernels directory and cache in a fresh temporary directory, removed when
// the test ends. Tests write their own small kernels so they do not depend on the real kernels/.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <optional>
#include <string>

#include "build_info.hpp"
#include "jit/compiler.hpp"

namespace mhc::testing {

// A templated kernel with static shared memory (N elements of T), a plain extern "C" kernel, and
// one quoted include, so a change to the header can be tested.
inline constexpr const char* kScaleKernel = R"(#include "common/scale_factor.h"
template <int N, typename T>
__global__ void scale(T* x, T a) {
  __shared__ T tile[N];
  const int i = threadIdx.x;
  tile[i] = x[i] * a * T(SCALE_FACTOR);
  __syncthreads();
  x[i] = tile[(i + 1) % N];
}
extern "C" __global__ void plain(float* x) { x[threadIdx.x] += 1.0f; }
)";
inline constexpr const char* kScaleFactorHeader = "#define SCALE_FACTOR 2\n";

// A syntax error on line 2.
inline constexpr const char* kBrokenKernel =
    "__global__ void broken(float* x) {\n  x[0] = 1.0f\n}\n";

class KernelSandbox {
 public:
  KernelSandbox() {
    std::string pattern = (std::filesystem::temp_directory_path() / "mhc-jit-test-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) ADD_FAILURE() << "mkdtemp failed";
    root_ = pattern;
    std::filesystem::create_directories(kernels_dir());
    write("scale.cu", kScaleKernel);
    write("common/scale_factor.h", kScaleFactorHeader);
    write("broken.cu", kBrokenKernel);
  }
  ~KernelSandbox() {
    std::error_code ignored;
    std::filesystem::remove_all(root_, ignored);
  }
  KernelSandbox(const KernelSandbox&) = delete;
  KernelSandbox& operator=(const KernelSandbox&) = delete;

  const std::filesystem::path& root() const { return root_; }
  std::filesystem::path kernels_dir() const { return root_ / "kernels"; }
  std::filesystem::path cache_dir() const { return root_ / "cache"; }

  // Writes a file under the kernels directory.
  void write(const std::string& relative_path, const std::string& text) const {
    const std::filesystem::path path = kernels_dir() / relative_path;
    std::filesystem::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary | std::ios::trunc) << text;
  }

  CompilerSettings settings() const {
    CompilerSettings settings;
    settings.kernels_dir = kernels_dir();
    settings.cuda_include_dirs = find_cuda_include_dirs(std::nullopt, build_info::kCudaIncludeDir);
    settings.cache_dir = cache_dir();
    return settings;
  }

 private:
  std::filesystem::path root_;
};

inline CompileRequest scale_request(const std::string& arch,
                                    std::string expression = "scale<128, float>") {
  return {"scale.cu", {std::move(expression)}, {}, arch, "scale{" + arch + "}"};
}

inline bool has_elf_magic(const std::vector<char>& bytes) {
  return bytes.size() > 4 && bytes[0] == 0x7f && bytes[1] == 'E' && bytes[2] == 'L' &&
         bytes[3] == 'F';
}

}  // namespace mhc::testing
