#include "gpu/cuda_device.hpp"

#include <gtest/gtest.h>

#include "common/gpu_available.hpp"
#include "core/errors.hpp"

namespace mhc {
namespace {

// Runs on every host: without a GPU, selecting one says why; with one, a missing ordinal is a
// usage error naming the range.
TEST(CudaDevice, MissingDeviceIsReportedClearly) {
  const auto& devices = testing::host_environment().devices;
  if (devices.empty()) {
    try {
      CudaDevice device(0);
      FAIL() << "selected a GPU on a host without one";
    } catch (const NoDeviceError& error) {
      EXPECT_NE(std::string(error.what()).find("no CUDA GPU usable"), std::string::npos);
    }
  } else {
    const int count = static_cast<int>(devices.size());
    try {
      CudaDevice device(count);
      FAIL() << "selected GPU " << count << " of " << count;
    } catch (const UsageError& error) {
      EXPECT_NE(std::string(error.what()).find(std::to_string(count)), std::string::npos);
    }
  }
}

using GpuCudaDevice = testing::GpuTest;

TEST_F(GpuCudaDevice, ReadsTheDeviceAttributes) {
  const CudaDevice device(0);
  const DeviceInfo& info = testing::host_environment().devices.front();
  EXPECT_EQ(device.compute_major(), info.major);
  EXPECT_EQ(device.l2_bytes(), info.l2_bytes);
  EXPECT_EQ(device.sm_count(), info.sm_count);
  EXPECT_EQ(device.sm_arch(), "sm_" + std::to_string(info.major) + std::to_string(info.minor));
}

}  // namespace
}  // namespace mhc
