#pragma once
// Test helper: tiny kernels that take MhcLayerArgs like every kernel of the project, compiled here
// with a short inline NVRTC call (the project's compiler lives in src/jit). Used by the GPU tests
// and by the GPU fault worker.
#include <nvrtc.h>

#include <stdexcept>
#include <string>
#include <vector>

namespace mhc::testing {

// Tensor slots the kernels use: mhc::Tensor::x == 0 and mhc::Tensor::x_next == 13 (checked by a
// static_assert in test_kernels_test.cpp).
inline constexpr const char* kTestKernelSource = R"(
#include "common/mhc_layer_args.h"

// x_next = 2 x + post_mult (f32 residual). With step > 0 only the first `step` elements are
// written, so a test can leave a poisoned tail.
extern "C" __global__ void test_scale_x(MhcLayerArgs args) {
  const long long total = args.tokens * args.streams * args.hidden;
  const long long count = args.step > 0 ? args.step : total;
  const float* x = (const float*)args.tensors[0];
  float* x_next = (float*)args.tensors[13];
  for (long long i = blockIdx.x * (long long)blockDim.x + threadIdx.x; i < count;
       i += (long long)gridDim.x * blockDim.x)
    x_next[i] = 2.0f * x[i] + args.post_mult;
}

// A kernel of known length: spins for `step` microseconds of global time.
extern "C" __global__ void test_spin(MhcLayerArgs args) {
  unsigned long long start, now;
  asm volatile("mov.u64 %0, %%globaltimer;" : "=l"(start));
  do {
    asm volatile("mov.u64 %0, %%globaltimer;" : "=l"(now));
  } while (now - start < 1000ull * (unsigned long long)args.step);
}

// Writes 4 TiB past the workspace: an illegal address, which kills the CUDA context.
extern "C" __global__ void test_illegal_write(MhcLayerArgs args) {
  ((volatile float*)args.workspace)[1ll << 40] = 1.0f;
}

// A template, so its name must be looked up lowered: x_next = x + N.
template <int N>
__global__ void test_add_constant(MhcLayerArgs args) {
  const long long total = args.tokens * args.streams * args.hidden;
  const float* x = (const float*)args.tensors[0];
  float* x_next = (float*)args.tensors[13];
  for (long long i = blockIdx.x * (long long)blockDim.x + threadIdx.x; i < total;
       i += (long long)gridDim.x * blockDim.x)
    x_next[i] = x[i] + N;
}
)";

inline constexpr const char* kAddConstantExpression = "test_add_constant<3>";

struct CompiledTestKernels {
  std::vector<char> cubin;
  std::string add_constant_lowered;  // the lowered name of test_add_constant<3>
  std::string log;
};

class NvrtcProgram {
 public:
  explicit NvrtcProgram(const char* source) {
    check(nvrtcCreateProgram(&program_, source, "test_kernels.cu", 0, nullptr, nullptr),
          "nvrtcCreateProgram");
  }
  ~NvrtcProgram() { nvrtcDestroyProgram(&program_); }
  NvrtcProgram(const NvrtcProgram&) = delete;
  NvrtcProgram& operator=(const NvrtcProgram&) = delete;
  nvrtcProgram get() const { return program_; }
  static void check(nvrtcResult status, const std::string& call) {
    if (status != NVRTC_SUCCESS)
      throw std::runtime_error(call + " failed: " + nvrtcGetErrorString(status));
  }

 private:
  nvrtcProgram program_ = nullptr;
};

// `arch` is a real architecture ("sm_90"), so the result is a CUBIN.
inline CompiledTestKernels compile_test_kernels(const std::string& arch) {
  NvrtcProgram program(kTestKernelSource);
  NvrtcProgram::check(nvrtcAddNameExpression(program.get(), kAddConstantExpression),
                      "nvrtcAddNameExpression");
  const std::string arch_option = "--gpu-architecture=" + arch;
  const std::string include_option = std::string("--include-path=") + MHC_SOURCE_DIR + "/kernels";
  const char* options[] = {arch_option.c_str(), include_option.c_str(), "--std=c++17"};
  const nvrtcResult compiled = nvrtcCompileProgram(program.get(), 3, options);
  CompiledTestKernels result;
  size_t log_size = 0;
  nvrtcGetProgramLogSize(program.get(), &log_size);
  result.log.resize(log_size);
  nvrtcGetProgramLog(program.get(), result.log.data());
  if (compiled != NVRTC_SUCCESS)
    throw std::runtime_error("test kernels failed to compile for " + arch + ":\n" + result.log);
  size_t cubin_size = 0;
  NvrtcProgram::check(nvrtcGetCUBINSize(program.get(), &cubin_size), "nvrtcGetCUBINSize");
  result.cubin.resize(cubin_size);
  NvrtcProgram::check(nvrtcGetCUBIN(program.get(), result.cubin.data()), "nvrtcGetCUBIN");
  const char* lowered = nullptr;
  NvrtcProgram::check(nvrtcGetLoweredName(program.get(), kAddConstantExpression, &lowered),
                      "nvrtcGetLoweredName");
  result.add_constant_lowered = lowered;
  return result;
}

}  // namespace mhc::testing
