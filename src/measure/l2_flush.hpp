#pragma once
// Evicts the L2 cache before a cold sample by writing a buffer larger than it, as the seed
// benchmark does (max(2 x L2, 64 MB)). The buffer is allocated once per measurement (nvbench #100:
// allocating per sample distorts the timings). A cudaMemsetAsync shows up in CUPTI as a MEMSET
// record, never as a kernel, and runs outside every sample's correlation id, so it is never timed.
#include <cuda_runtime.h>

#include <cstdint>
#include <string_view>

#include "gpu/device_buffer.hpp"

namespace mhc {

class L2Flush {
 public:
  static constexpr int64_t kMinimumBytes = int64_t{64} << 20;
  static int64_t buffer_bytes_for(int64_t l2_bytes);

  explicit L2Flush(int64_t l2_bytes);
  L2Flush(const L2Flush&) = delete;
  L2Flush& operator=(const L2Flush&) = delete;

  int64_t bytes() const { return buffer_.bytes(); }
  // Queues the flush on `stream`. Alternates the fill byte so no driver can skip a repeated fill.
  void flush(cudaStream_t stream);

 private:
  DeviceBuffer buffer_;
  unsigned char next_byte_ = 0;
};

}  // namespace mhc
