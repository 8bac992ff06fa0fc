#include "measure/stream_blocker.hpp"

#include <atomic>
#include <string_view>

#include "gpu/cuda_error.hpp"

namespace mhc {

namespace {
// Hand-written PTX, so no NVRTC is needed; the driver compiles it for the device at load. It reads
// the flag with volatile loads (host memory, re-read every iteration) and the global timer.
constexpr std::string_view kBlockerPtx = R"(
.version 7.0
.target sm_70
.address_size 64
.visible .entry mhc_stream_blocker(.param .u64 flags, .param .u64 timeout_ns)
{
  .reg .pred %p<3>;
  .reg .b32 %r<3>;
  .reg .b64 %rd<7>;
  ld.param.u64 %rd1, [flags];
  ld.param.u64 %rd2, [timeout_ns];
  mov.u64 %rd3, %globaltimer;
WAIT:
  ld.volatile.u32 %r1, [%rd1];
  setp.ne.u32 %p1, %r1, 0;
  @%p1 bra DONE;
  mov.u64 %rd4, %globaltimer;
  sub.u64 %rd5, %rd4, %rd3;
  setp.lt.u64 %p2, %rd5, %rd2;
  @%p2 bra WAIT;
  mov.u32 %r2, 1;
  st.volatile.u32 [%rd1+4], %r2;
DONE:
  ret;
}
)";

std::atomic_ref<uint32_t> flag(const PinnedHostBuffer& flags, int index) {
  return std::atomic_ref<uint32_t>(static_cast<uint32_t*>(flags.host())[index]);
}
}  // namespace

StreamBlocker::StreamBlocker(double timeout_seconds)
    : library_(ptx_image(kBlockerPtx), "stream blocker (PTX)"),
      kernel_(library_.kernel(kKernelName)),
      flags_(2 * sizeof(uint32_t), "stream blocker flags"),
      timeout_ns_(static_cast<uint64_t>(timeout_seconds * 1e9)) {}

void StreamBlocker::block(cudaStream_t stream, std::string_view context) {
  flag(flags_, 0).store(0, std::memory_order_release);
  flag(flags_, 1).store(0, std::memory_order_release);
  void* device_flags = flags_.device();
  void* parameters[] = {&device_flags, &timeout_ns_};
  const cudaError_t status = cudaLaunchKernel(reinterpret_cast<const void*>(kernel_.handle()),
                                              dim3(1), dim3(1), parameters, 0, stream);
  if (status != cudaSuccess) {
    cudaGetLastError();
    throw CudaError(status, "cudaLaunchKernel(stream blocker)", context);
  }
}

void StreamBlocker::release() {
  flag(flags_, 0).store(1, std::memory_order_release);
}

bool StreamBlocker::timed_out() const {
  return flag(flags_, 1).load(std::memory_order_acquire) != 0;
}

}  // namespace mhc
