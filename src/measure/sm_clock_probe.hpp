#pragma once
// The SM clock the GPU actually runs at, read the way nvbench detects throttling: a one-thread
// kernel counts SM cycles (clock64) against the global nanosecond timer while it spins. Recorded
// with each measurement, so a slow result on a throttled GPU can be told apart from a slow kernel.
#include <cuda_runtime.h>

#include <string_view>

#include "gpu/cubin_library.hpp"
#include "gpu/device_buffer.hpp"

namespace mhc {

class SmClockProbe {
 public:
  static constexpr const char* kKernelName = "mhc_sm_clock_probe";
  // A spin of 100 us keeps the global timer's granularity (up to 1 us) under 1% of the reading.
  explicit SmClockProbe(double spin_seconds = 100e-6);

  // Runs the probe on `stream`, waits for it, and returns the clock in MHz.
  double measure_mhz(cudaStream_t stream, std::string_view context);

 private:
  CubinLibrary library_;
  LoadedKernel kernel_;
  DeviceBuffer result_;  // [cycles, nanoseconds]
  uint64_t spin_ns_;
};

}  // namespace mhc
