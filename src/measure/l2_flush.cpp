#include "measure/l2_flush.hpp"

#include <algorithm>

namespace mhc {

int64_t L2Flush::buffer_bytes_for(int64_t l2_bytes) {
  return std::max(2 * l2_bytes, kMinimumBytes);
}

L2Flush::L2Flush(int64_t l2_bytes) : buffer_(buffer_bytes_for(l2_bytes), "L2 flush buffer") {}

void L2Flush::flush(cudaStream_t stream) {
  buffer_.fill(next_byte_, stream);
  next_byte_ ^= 1;
}

}  // namespace mhc
