#include <gtest/gtest.h>

#include "measure/copy_bandwidth.hpp"
#include "measure/l2_flush.hpp"

namespace mhc {
namespace {

TEST(L2Flush, BufferIsTwiceL2ButAtLeast64MB) {
  EXPECT_EQ(L2Flush::buffer_bytes_for(50 << 20), int64_t{100} << 20);  // H100: 50 MB L2
  EXPECT_EQ(L2Flush::buffer_bytes_for(6 << 20), int64_t{64} << 20);
}

TEST(CopyBandwidth, CountsReadAndWrite) {
  // 1 GB copied in 1 ms moves 2 GB: 2000 GB/s.
  EXPECT_DOUBLE_EQ(copy_gigabytes_per_second(1'000'000'000, 1000.0), 2000.0);
  EXPECT_EQ(default_copy_bytes(60 << 20), int64_t{960} << 20);
  EXPECT_EQ(default_copy_bytes(4 << 20), int64_t{256} << 20);
}

}  // namespace
}  // namespace mhc
