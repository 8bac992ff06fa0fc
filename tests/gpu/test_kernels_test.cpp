// The GPU tests' kernels compile without a GPU, so their source is checked on every CPU run.
#include <gtest/gtest.h>

#include "core/layer_tensors.hpp"
#include "gpu/nvrtc_test_kernels.hpp"

namespace mhc {
namespace {

static_assert(static_cast<int>(Tensor::x) == 0 && static_cast<int>(Tensor::x_next) == 13,
              "nvrtc_test_kernels.hpp indexes MhcLayerArgs::tensors by these slots");

TEST(TestKernels, CompileToACubinWithTheTemplatesLoweredName) {
  const testing::CompiledTestKernels kernels = testing::compile_test_kernels("sm_90");
  EXPECT_GT(kernels.cubin.size(), 1000u);
  // An ELF image, as cudaLibraryLoadData expects.
  ASSERT_GE(kernels.cubin.size(), 4u);
  EXPECT_EQ(std::string(kernels.cubin.data() + 1, 3), "ELF");
  EXPECT_EQ(kernels.add_constant_lowered, "_Z17test_add_constantILi3EEv12MhcLayerArgs");
}

}  // namespace
}  // namespace mhc
