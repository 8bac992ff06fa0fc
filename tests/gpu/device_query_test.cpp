#include "gpu/device_query.hpp"

#include <gtest/gtest.h>

#include "common/gpu_available.hpp"

namespace mhc {
namespace {

TEST(DeviceQuery, EitherDevicesOrAReason) {
  const auto& env = testing::host_environment();
  EXPECT_NE(env.devices.empty(), env.no_device_reason.empty()) << env.no_device_reason;
  EXPECT_EQ(env.versions.cuda_toolkit / 1000, 13);
  EXPECT_GE(env.versions.nvrtc_major, 13);
}

TEST(DeviceQuery, FormatsCudaVersions) {
  EXPECT_EQ(format_cuda_version(13000), "13.0");
  EXPECT_EQ(format_cuda_version(12080), "12.8");
  EXPECT_EQ(format_cuda_version(0), "none");
}

TEST(DeviceQuery, PeakBandwidthFromClockAndBus) {
  DeviceInfo d;
  d.memory_clock_khz = 2619000;  // H100 SXM5's reported HBM3 clock
  d.memory_bus_bits = 5120;
  EXPECT_NEAR(d.peak_bandwidth_gbps(), 3352.3, 0.1);
}

using GpuDeviceQuery = testing::GpuTest;

TEST_F(GpuDeviceQuery, DescribesEveryDevice) {
  for (const auto& d : testing::host_environment().devices) {
    EXPECT_FALSE(d.name.empty());
    EXPECT_GE(d.major, 7);
    EXPECT_GT(d.sm_count, 0);
    EXPECT_GT(d.l2_bytes, 0);
    EXPECT_GT(d.peak_bandwidth_gbps(), 100.0);
  }
}

}  // namespace
}  // namespace mhc
