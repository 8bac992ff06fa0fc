#include <gtest/gtest.h>

#include "jit/compiler.hpp"
#include "jit/kernel_sandbox.hpp"

namespace mhc {
namespace {

using testing::has_elf_magic;
using testing::KernelSandbox;
using testing::scale_request;

class CompileKernel : public ::testing::Test {
 protected:
  void SetUp() override { settings_.use_cache = false; }
  KernelSandbox sandbox_;
  CompilerSettings settings_ = sandbox_.settings();
};

TEST_F(CompileKernel, Sm90aGivesCubinPtxNamesAndUsage) {
  const CompiledKernel kernel = compile_kernel(scale_request("sm_90a"), settings_);
  EXPECT_TRUE(has_elf_magic(kernel.cubin));
  EXPECT_NE(kernel.ptx.find(".entry"), std::string::npos);
  EXPECT_NE(kernel.ptx.back(), '\0');  // NVRTC's size counts a NUL that must not be kept
  ASSERT_EQ(kernel.lowered_names.size(), 1u);
  EXPECT_TRUE(kernel.lowered_names[0].starts_with("_Z5scaleILi128EfE"));
  EXPECT_NE(kernel.log.find("Compiling entry function '" + kernel.lowered_names[0]),
            std::string::npos);
  EXPECT_GE(kernel.usage.registers, 1);
  EXPECT_EQ(kernel.usage.shared_bytes, 128 * 4);
  EXPECT_EQ(kernel.usage.spill_stores, 0);
  EXPECT_GT(kernel.compile_ms, 0.0);
  EXPECT_FALSE(kernel.cache_hit);
  EXPECT_EQ(kernel.key.size(), 64u);
}

TEST_F(CompileKernel, Sm80GivesCubin) {
  const CompiledKernel kernel = compile_kernel(scale_request("sm_80"), settings_);
  EXPECT_TRUE(has_elf_magic(kernel.cubin));
  ASSERT_EQ(kernel.lowered_names.size(), 1u);
  EXPECT_FALSE(kernel.lowered_names[0].empty());
  EXPECT_GE(kernel.usage.registers, 1);
  EXPECT_NE(kernel.log.find("for 'sm_80'"), std::string::npos);
}

TEST_F(CompileKernel, VirtualArchGivesPtxOnly) {
  const CompiledKernel kernel = compile_kernel(scale_request("compute_90"), settings_);
  EXPECT_TRUE(kernel.cubin.empty());
  EXPECT_NE(kernel.ptx.find(".target sm_90"), std::string::npos);
  ASSERT_EQ(kernel.lowered_names.size(), 1u);
  EXPECT_NE(kernel.ptx.find(kernel.lowered_names[0]), std::string::npos);
  EXPECT_EQ(kernel.usage.registers, -1);  // no ptxas run, so nothing to report
}

TEST_F(CompileKernel, TwoNameExpressionsGiveTwoLoweredNamesInOrder) {
  const CompiledKernel kernel = compile_kernel(
      {"scale.cu", {"scale<32, double>", "scale<128, float>"}, {}, "sm_90a", "two"}, settings_);
  ASSERT_EQ(kernel.lowered_names.size(), 2u);
  EXPECT_TRUE(kernel.lowered_names[0].starts_with("_Z5scaleILi32EdE"));
  EXPECT_TRUE(kernel.lowered_names[1].starts_with("_Z5scaleILi128EfE"));
  EXPECT_EQ(kernel.usage.shared_bytes, 32 * 8);  // the usage is the first expression's
}

TEST_F(CompileKernel, OptionsReachNvrtc) {
  CompileRequest request = scale_request("compute_90");
  request.options = {"-DSCALE_FACTOR=7"};
  sandbox_.write("common/scale_factor.h", "#ifndef SCALE_FACTOR\n#define SCALE_FACTOR 2\n#endif\n");
  const CompiledKernel seven = compile_kernel(request, settings_);
  const CompiledKernel two = compile_kernel(scale_request("compute_90"), settings_);
  EXPECT_NE(seven.ptx, two.ptx);
  EXPECT_NE(seven.key, two.key);
}

TEST_F(CompileKernel, SyntaxErrorThrowsWithLabelLineAndLog) {
  try {
    compile_kernel({"broken.cu", {}, {}, "sm_90a", "broken{v=1}"}, settings_);
    FAIL() << "expected CompileError";
  } catch (const CompileError& error) {
    const std::string message = error.what();
    EXPECT_NE(message.find("broken{v=1}"), std::string::npos) << message;
    EXPECT_NE(message.find("broken.cu(3): error"), std::string::npos) << message;
    EXPECT_EQ(message.find('\n'), std::string::npos) << "one line: " << message;
    EXPECT_NE(error.log().find("1 error detected"), std::string::npos) << error.log();
  }
}

TEST_F(CompileKernel, UnknownArchAndMissingSourceNameTheProblem) {
  try {
    compile_kernel(scale_request("gfx90a"), settings_);
    FAIL() << "expected an error for the arch";
  } catch (const std::runtime_error& error) {
    EXPECT_NE(std::string(error.what()).find("gfx90a"), std::string::npos) << error.what();
  }
  try {
    compile_kernel({"absent.cu", {}, {}, "sm_90a", "absent-label"}, settings_);
    FAIL() << "expected an error for the missing file";
  } catch (const std::runtime_error& error) {
    const std::string message = error.what();
    EXPECT_NE(message.find("absent-label"), std::string::npos) << message;
    EXPECT_NE(message.find("absent.cu"), std::string::npos) << message;
  }
}

TEST(NvrtcVersion, IsMajorDotMinor) {
  const std::string version = nvrtc_version();
  ASSERT_NE(version.find('.'), std::string::npos) << version;
  EXPECT_GE(std::stoi(version), 12);
}

}  // namespace
}  // namespace mhc
