#include "jit/ptxas_usage.hpp"

#include <gtest/gtest.h>

#include "jit/kernel_sandbox.hpp"

namespace mhc {
namespace {

// As NVRTC 13 writes it for two kernels; the second uses no shared memory, so ptxas omits smem.
constexpr const char* kTwoKernelLog =
    "ptxas info    : 0 bytes gmem\n"
    "ptxas info    : Compiling entry function '_Z4tileILi64EEvPf' for 'sm_90a'\n"
    "ptxas info    : Function properties for _Z4tileILi64EEvPf\n"
    "ptxas         .     952 bytes stack frame, 2784 bytes spill stores, 2560 bytes spill loads\n"
    "ptxas info    : Used 50 registers, used 1 barriers, 8192 bytes smem\n"
    "ptxas info    : Compile time = 3.412 ms\n"
    "ptxas info    : Compiling entry function 'plain' for 'sm_90a'\n"
    "ptxas info    : Function properties for plain\n"
    "ptxas         .     0 bytes stack frame, 0 bytes spill stores, 0 bytes spill loads\n"
    "ptxas info    : Used 8 registers, used 0 barriers, 360 bytes cmem[0]\n"
    "ptxas info    : Compile time = 1.319 ms\n";

TEST(PtxasUsage, ReadsTheNamedEntryFunction) {
  const ResourceUsage tile = parse_ptxas_usage(kTwoKernelLog, "_Z4tileILi64EEvPf");
  EXPECT_EQ(tile.registers, 50);
  EXPECT_EQ(tile.stack_bytes, 952);
  EXPECT_EQ(tile.spill_stores, 2784);
  EXPECT_EQ(tile.spill_loads, 2560);
  EXPECT_EQ(tile.shared_bytes, 8192);

  const ResourceUsage plain = parse_ptxas_usage(kTwoKernelLog, "plain");
  EXPECT_EQ(plain.registers, 8);
  EXPECT_EQ(plain.stack_bytes, 0);
  EXPECT_EQ(plain.spill_stores, 0);
  EXPECT_EQ(plain.spill_loads, 0);
  EXPECT_EQ(plain.shared_bytes, 0);
}

TEST(PtxasUsage, EmptyNameMeansFirstEntryFunction) {
  EXPECT_EQ(parse_ptxas_usage(kTwoKernelLog, "").registers, 50);
}

TEST(PtxasUsage, UnknownNameOrEmptyLogLeavesEverythingUnknown) {
  for (const ResourceUsage& usage :
       {parse_ptxas_usage(kTwoKernelLog, "missing"), parse_ptxas_usage("", "plain")}) {
    EXPECT_EQ(usage.registers, -1);
    EXPECT_EQ(usage.spill_stores, -1);
    EXPECT_EQ(usage.spill_loads, -1);
    EXPECT_EQ(usage.stack_bytes, -1);
    EXPECT_EQ(usage.shared_bytes, -1);
  }
}

// The format of a real NVRTC log, for two instantiations with different static shared memory.
TEST(PtxasUsage, ReadsARealNvrtcLog) {
  testing::KernelSandbox sandbox;
  CompilerSettings settings = sandbox.settings();
  settings.use_cache = false;
  const CompiledKernel kernel = compile_kernel(
      {"scale.cu", {"scale<128, float>", "scale<32, double>"}, {}, "sm_90a", "two"}, settings);
  ASSERT_EQ(kernel.lowered_names.size(), 2u);
  const ResourceUsage floats = parse_ptxas_usage(kernel.log, kernel.lowered_names[0]);
  const ResourceUsage doubles = parse_ptxas_usage(kernel.log, kernel.lowered_names[1]);
  const ResourceUsage plain = parse_ptxas_usage(kernel.log, "plain");
  EXPECT_GE(floats.registers, 1);
  EXPECT_GE(doubles.registers, 1);
  EXPECT_GE(plain.registers, 1);
  EXPECT_EQ(floats.shared_bytes, 128 * 4);
  EXPECT_EQ(doubles.shared_bytes, 32 * 8);
  EXPECT_EQ(plain.shared_bytes, 0);
  EXPECT_EQ(floats.spill_stores, 0);
  EXPECT_EQ(floats.spill_loads, 0);
  EXPECT_EQ(floats.stack_bytes, 0);
}

}  // namespace
}  // namespace mhc
