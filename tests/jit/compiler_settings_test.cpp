#include "jit/compiler_settings.hpp"

#include <gtest/gtest.h>

#include "jit/kernel_sandbox.hpp"

namespace mhc {
namespace {

namespace fs = std::filesystem;

std::string error_of(const std::function<void()>& action) {
  try {
    action();
  } catch (const std::runtime_error& error) {
    return error.what();
  }
  return "";
}

TEST(FindKernelsDir, EnvironmentWinsAndMustExist) {
  testing::KernelSandbox sandbox;
  EXPECT_EQ(find_kernels_dir(sandbox.kernels_dir().string(), "/nonexistent", "/bin/true"),
            sandbox.kernels_dir());
  const std::string message =
      error_of([&] { find_kernels_dir("/no/such/dir", sandbox.root(), "/bin/true"); });
  EXPECT_NE(message.find("MHC_KERNELS_DIR=/no/such/dir"), std::string::npos) << message;
}

TEST(FindKernelsDir, SourceDirThenUpwardFromTheExecutable) {
  testing::KernelSandbox sandbox;  // root/kernels/scale.cu, no marker header yet
  EXPECT_EQ(find_kernels_dir(std::nullopt, sandbox.root(), "/bin/true"), sandbox.kernels_dir());

  const fs::path executable = sandbox.root() / "build" / "bin" / "mhc-tune";
  std::string message =
      error_of([&] { find_kernels_dir(std::nullopt, "/nonexistent", executable); });
  EXPECT_NE(message.find("/nonexistent/kernels"), std::string::npos) << message;
  EXPECT_NE(message.find((sandbox.root() / "build" / "kernels").string()), std::string::npos)
      << message;

  sandbox.write("common/mhc_layer_args.h", "// marker\n");
  EXPECT_EQ(find_kernels_dir(std::nullopt, "/nonexistent", executable), sandbox.kernels_dir());
}

TEST(FindCudaIncludeDirs, AddsCcclWhenPresent) {
  testing::KernelSandbox sandbox;
  const fs::path include = sandbox.root() / "include";
  fs::create_directories(include);
  EXPECT_EQ(find_cuda_include_dirs(std::nullopt, include), std::vector<fs::path>{include});
  fs::create_directories(include / "cccl");
  EXPECT_EQ(find_cuda_include_dirs(include.string(), "/nonexistent"),
            (std::vector<fs::path>{include, include / "cccl"}));
  const std::string message = error_of([] { find_cuda_include_dirs("/no/cuda", ""); });
  EXPECT_NE(message.find("MHC_CUDA_INCLUDE=/no/cuda"), std::string::npos) << message;
}

TEST(FindCacheDir, FollowsTheXdgOrder) {
  EXPECT_EQ(find_cache_dir("/c", "/x", "/h"), fs::path("/c"));
  EXPECT_EQ(find_cache_dir(std::nullopt, "/x", "/h"), fs::path("/x/mhc-tune"));
  EXPECT_EQ(find_cache_dir(std::nullopt, std::nullopt, "/h"), fs::path("/h/.cache/mhc-tune"));
  EXPECT_FALSE(error_of([] { find_cache_dir(std::nullopt, std::nullopt, std::nullopt); }).empty());
}

TEST(DefaultCompilerSettings, ResolvesFromTheEnvironment) {
  testing::KernelSandbox sandbox;
  ::setenv("MHC_KERNELS_DIR", sandbox.kernels_dir().c_str(), 1);
  ::setenv("MHC_CACHE_DIR", sandbox.cache_dir().c_str(), 1);
  const CompilerSettings settings = default_compiler_settings();
  ::unsetenv("MHC_KERNELS_DIR");
  ::unsetenv("MHC_CACHE_DIR");
  EXPECT_EQ(settings.kernels_dir, sandbox.kernels_dir());
  EXPECT_EQ(settings.cache_dir, sandbox.cache_dir());
  EXPECT_TRUE(settings.use_cache);
  ASSERT_FALSE(settings.cuda_include_dirs.empty());
  EXPECT_TRUE(fs::is_regular_file(settings.cuda_include_dirs.front() / "cuda_runtime.h"));
}

}  // namespace
}  // namespace mhc
