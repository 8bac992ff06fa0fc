#include "measure/sm_clock_probe.hpp"

#include <fmt/format.h>

#include <array>
#include <cstdint>
#include <stdexcept>

#include "gpu/cuda_error.hpp"

namespace mhc {

namespace {
// Hand-written PTX (no NVRTC needed); the driver compiles it for the device at load.
constexpr std::string_view kProbePtx = R"(
.version 7.0
.target sm_70
.address_size 64
.visible .entry mhc_sm_clock_probe(.param .u64 out, .param .u64 spin_ns)
{
  .reg .pred %p<2>;
  .reg .b64 %rd<10>;
  ld.param.u64 %rd1, [out];
  ld.param.u64 %rd2, [spin_ns];
  cvta.to.global.u64 %rd1, %rd1;
  mov.u64 %rd3, %globaltimer;
  mov.u64 %rd4, %clock64;
SPIN:
  mov.u64 %rd5, %globaltimer;
  sub.u64 %rd6, %rd5, %rd3;
  setp.lt.u64 %p1, %rd6, %rd2;
  @%p1 bra SPIN;
  mov.u64 %rd7, %clock64;
  mov.u64 %rd5, %globaltimer;
  sub.u64 %rd8, %rd7, %rd4;
  sub.u64 %rd9, %rd5, %rd3;
  st.global.u64 [%rd1], %rd8;
  st.global.u64 [%rd1+8], %rd9;
  ret;
}
)";
}  // namespace

SmClockProbe::SmClockProbe(double spin_seconds)
    : library_(ptx_image(kProbePtx), "SM clock probe (PTX)"),
      kernel_(library_.kernel(kKernelName)),
      result_(2 * sizeof(uint64_t), "SM clock probe result"),
      spin_ns_(static_cast<uint64_t>(spin_seconds * 1e9)) {}

double SmClockProbe::measure_mhz(cudaStream_t stream, std::string_view context) {
  void* out = result_.data();
  void* parameters[] = {&out, &spin_ns_};
  const cudaError_t status = cudaLaunchKernel(reinterpret_cast<const void*>(kernel_.handle()),
                                              dim3(1), dim3(1), parameters, 0, stream);
  if (status != cudaSuccess) {
    cudaGetLastError();
    throw CudaError(status, "cudaLaunchKernel(SM clock probe)", context);
  }
  std::array<uint64_t, 2> reading{};
  result_.download(std::as_writable_bytes(std::span(reading)), stream);
  const auto [cycles, nanoseconds] = reading;
  if (nanoseconds == 0)
    throw std::runtime_error(fmt::format("SM clock probe read no elapsed time ({})", context));
  return static_cast<double>(cycles) / static_cast<double>(nanoseconds) * 1e3;
}

}  // namespace mhc
