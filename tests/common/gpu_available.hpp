#pragma once
// Test helper: GPU tests (suites named Gpu*, ctest label `gpu`) skip themselves cleanly when this
// host has no CUDA driver or GPU, naming the reason.
#include <gtest/gtest.h>

#include "gpu/device_query.hpp"

namespace mhc::testing {

inline const HostEnvironment& host_environment() {
  static const HostEnvironment env = query_host_environment();
  return env;
}

class GpuTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (host_environment().devices.empty())
      GTEST_SKIP() << "needs a GPU: " << host_environment().no_device_reason;
  }
};

}  // namespace mhc::testing
