// Loading a CUBIN, looking kernels up by lowered name, launching with MhcLayerArgs, and the layer
// buffers around them, on a real GPU (skipped without one).
#include <gtest/gtest.h>

#include <cmath>
#include <optional>
#include <random>
#include <vector>

#include "common/gpu_available.hpp"
#include "gpu/bf16.hpp"
#include "gpu/cubin_library.hpp"
#include "gpu/cuda_device.hpp"
#include "gpu/cuda_error.hpp"
#include "gpu/cuda_stream.hpp"
#include "gpu/kernel_launch.hpp"
#include "gpu/layer_buffers.hpp"
#include "gpu/nvrtc_test_kernels.hpp"

namespace mhc {
namespace {

Problem small_problem(Dtype residual) {
  Problem p;
  p.path = HPath::dynamic_h;
  p.shape = {8, 256, 4};
  p.residual_dtype = residual;
  p.constants = paper_constants();
  return p;
}

// Fresh random values: never zeros, which would hide unwritten outputs.
std::vector<double> random_values(int64_t count, uint32_t seed) {
  std::mt19937 generator(seed);
  std::normal_distribution<double> normal(0.0, 1.0);
  std::vector<double> values(static_cast<size_t>(count));
  for (auto& v : values) v = normal(generator);
  return values;
}

LaunchGeometry grid_stride(uint32_t blocks, uint32_t threads) {
  LaunchGeometry g;
  g.grid[0] = blocks;
  g.block[0] = threads;
  return g;
}

class GpuKernelLaunch : public testing::GpuTest {
 protected:
  void SetUp() override {
    testing::GpuTest::SetUp();
    if (IsSkipped()) return;
    device_.emplace(0);
    stream_.emplace("test stream");
    kernels_ = testing::compile_test_kernels(device_->sm_arch());
    library_.emplace(kernels_.cubin, "test kernels");
  }
  std::optional<CudaDevice> device_;
  std::optional<CudaStream> stream_;
  testing::CompiledTestKernels kernels_;
  std::optional<CubinLibrary> library_;
};

TEST_F(GpuKernelLaunch, LooksUpByLoweredNameAndReadsAttributes) {
  const LoadedKernel kernel = library_->kernel(kernels_.add_constant_lowered);
  EXPECT_EQ(kernel.name(), kernels_.add_constant_lowered);
  EXPECT_GT(kernel.attributes().registers, 0);
  EXPECT_GE(kernel.attributes().max_threads_per_block, 256);
  EXPECT_EQ(kernel.attributes().binary_version,
            device_->compute_major() * 10 + device_->compute_minor());
}

TEST_F(GpuKernelLaunch, UnknownNameIsAnErrorThatNamesIt) {
  try {
    library_->kernel("no_such_kernel");
    FAIL() << "expected CudaError";
  } catch (const CudaError& error) {
    EXPECT_NE(std::string(error.what()).find("no_such_kernel"), std::string::npos);
    EXPECT_NE(std::string(error.what()).find("test kernels"), std::string::npos);
  }
}

TEST_F(GpuKernelLaunch, LaunchComputesFromUploadedInputs) {
  const Problem problem = small_problem(Dtype::f32);
  const LayerBuffers buffers(problem, 1024, "launch test");
  const auto x = random_values(tensor_info(Tensor::x, problem).elements(), 1);
  buffers.upload(Tensor::x, x, stream_->get());
  const Tensor outputs[] = {Tensor::x_next};
  buffers.poison(outputs, stream_->get());
  LoadedKernel scale = library_->kernel("test_scale_x");
  launch_kernel(scale, grid_stride(16, 128), buffers.args(), stream_->get(), "scale test");
  const auto x_next = buffers.download(Tensor::x_next, stream_->get());
  ASSERT_EQ(x_next.size(), x.size());
  for (size_t i = 0; i < x.size(); ++i)
    ASSERT_EQ(x_next[i], 2.0f * static_cast<float>(x[i]) + 2.0f) << "element " << i;

  LoadedKernel add = library_->kernel(kernels_.add_constant_lowered);
  launch_kernel(add, grid_stride(16, 128), buffers.args(), stream_->get(), "add test");
  const auto added = buffers.download(Tensor::x_next, stream_->get());
  for (size_t i = 0; i < x.size(); ++i) ASSERT_EQ(added[i], static_cast<float>(x[i]) + 3.0f);
}

TEST_F(GpuKernelLaunch, InvalidGeometryFailsWithContextAndDoesNotStick) {
  const LayerBuffers buffers(small_problem(Dtype::f32), 0, "geometry test");
  LoadedKernel scale = library_->kernel("test_scale_x");
  try {
    launch_kernel(scale, grid_stride(1, 4096), buffers.args(), stream_->get(), "variant 7");
    FAIL() << "expected CudaError";
  } catch (const CudaError& error) {
    EXPECT_FALSE(error.sticky());
    EXPECT_NE(std::string(error.what()).find("variant 7"), std::string::npos) << error.what();
    EXPECT_NE(std::string(error.what()).find("block (4096,1,1)"), std::string::npos);
  }
  EXPECT_NO_THROW(
      launch_kernel(scale, grid_stride(1, 128), buffers.args(), stream_->get(), "after error"));
  EXPECT_NO_THROW(stream_->synchronize("after error"));
}

TEST_F(GpuKernelLaunch, BuffersRoundTripInTheirStorageTypes) {
  const Problem problem = small_problem(Dtype::bf16);
  const LayerBuffers buffers(problem, 0, "round trip");
  const auto x = random_values(tensor_info(Tensor::x, problem).elements(), 2);
  buffers.upload(Tensor::x, x, stream_->get());
  const auto x_back = buffers.download(Tensor::x, stream_->get());
  for (size_t i = 0; i < x.size(); ++i)
    ASSERT_EQ(x_back[i], bf16_to_double(bf16_from_double(x[i])));
  const auto h = random_values(tensor_info(Tensor::h_pre, problem).elements(), 3);
  buffers.upload(Tensor::h_pre, h, stream_->get());
  const auto h_back = buffers.download(Tensor::h_pre, stream_->get());
  for (size_t i = 0; i < h.size(); ++i) ASSERT_EQ(h_back[i], static_cast<float>(h[i]));
  EXPECT_THROW(buffers.upload(Tensor::x, std::vector<double>(3, 1.0), stream_->get()),
               std::invalid_argument);
}

TEST_F(GpuKernelLaunch, OnlyUsedTensorsAreAllocated) {
  const Problem problem = small_problem(Dtype::f32);  // dynamic forward
  const LayerBuffers buffers(problem, 256, "allocation");
  const MhcLayerArgs args = buffers.args();
  EXPECT_NE(args.tensors[static_cast<int>(Tensor::phi)], nullptr);
  EXPECT_EQ(args.tensors[static_cast<int>(Tensor::h_static)], nullptr);
  EXPECT_EQ(args.tensors[static_cast<int>(Tensor::d_x)], nullptr);
  EXPECT_FALSE(buffers.has(Tensor::d_x));
  EXPECT_THROW(buffers.buffer(Tensor::d_x), std::invalid_argument);
  EXPECT_NE(args.workspace, nullptr);
  EXPECT_EQ(args.tokens, 8);
}

TEST_F(GpuKernelLaunch, PoisonRevealsUnwrittenElements) {
  const Problem problem = small_problem(Dtype::f32);
  const LayerBuffers buffers(problem, 0, "poison");
  const auto x = random_values(tensor_info(Tensor::x, problem).elements(), 4);
  buffers.upload(Tensor::x, x, stream_->get());
  const Tensor outputs[] = {Tensor::x_next};
  buffers.poison(outputs, stream_->get());
  for (const double v : buffers.download(Tensor::x_next, stream_->get()))
    ASSERT_TRUE(std::isnan(v));
  // A kernel that writes only the first half leaves the second half poisoned.
  MhcLayerArgs args = buffers.args();
  const int half = static_cast<int>(x.size() / 2);
  args.step = half;
  LoadedKernel scale = library_->kernel("test_scale_x");
  launch_kernel(scale, grid_stride(8, 128), args, stream_->get(), "half write");
  const auto x_next = buffers.download(Tensor::x_next, stream_->get());
  for (int i = 0; i < half; ++i) ASSERT_FALSE(std::isnan(x_next[i])) << i;
  for (size_t i = half; i < x_next.size(); ++i) ASSERT_TRUE(std::isnan(x_next[i])) << i;
}

}  // namespace
}  // namespace mhc
