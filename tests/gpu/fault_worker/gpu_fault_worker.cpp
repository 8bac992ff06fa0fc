// Test worker for GpuWorkerFault: a real CUDA worker that serves two requests through the worker
// loop. "run" launches a correct kernel and checks its output; "fault" launches a kernel that
// writes to an illegal address, whose sticky error ends this process (the parent then starts a
// fresh one, as the sweep does).
#include <fmt/format.h>

#include <optional>
#include <string>

#include "gpu/cubin_library.hpp"
#include "gpu/cuda_device.hpp"
#include "gpu/cuda_stream.hpp"
#include "gpu/kernel_launch.hpp"
#include "gpu/layer_buffers.hpp"
#include "gpu/nvrtc_test_kernels.hpp"
#include "measure/worker_loop.hpp"

namespace {

using namespace mhc;

LaunchGeometry one_grid() {
  LaunchGeometry g;
  g.grid[0] = 8;
  g.block[0] = 128;
  return g;
}

class FaultWorker {
 public:
  FaultWorker()
      : device_(0),
        stream_("fault worker"),
        kernels_(testing::compile_test_kernels(device_.sm_arch())),
        library_(kernels_.cubin, "test kernels") {
    problem_.shape = {4, 64, 4};
  }

  std::string handle(std::string_view request) {
    const LayerBuffers buffers(problem_, 1024, std::string(request));
    if (request == "fault") {
      LoadedKernel illegal = library_.kernel("test_illegal_write");
      launch_kernel(illegal, one_grid(), buffers.args(), stream_.get(), "illegal write");
      stream_.synchronize("illegal write");  // throws the sticky CudaError
      return "the illegal write did not fault";
    }
    const int64_t count = tensor_info(Tensor::x, problem_).elements();
    std::vector<double> x(static_cast<size_t>(count));
    for (int64_t i = 0; i < count; ++i) x[i] = 0.25 * static_cast<double>(i % 97) - 7.0;
    buffers.upload(Tensor::x, x, stream_.get());
    LoadedKernel scale = library_.kernel("test_scale_x");
    launch_kernel(scale, one_grid(), buffers.args(), stream_.get(), "scale");
    const auto x_next = buffers.download(Tensor::x_next, stream_.get());
    for (int64_t i = 0; i < count; ++i)
      if (x_next[i] != 2.0 * x[i] + 2.0) return fmt::format("wrong at {}", i);
    return fmt::format("ok {}", count);
  }

 private:
  CudaDevice device_;
  CudaStream stream_;
  testing::CompiledTestKernels kernels_;
  CubinLibrary library_;
  Problem problem_;
};

}  // namespace

int main() {
  FaultWorker worker;
  return run_worker_loop([&](std::string_view request) { return worker.handle(request); });
}
