#include "measure/cupti_activity_trace.hpp"

#include <gtest/gtest.h>

#include <string>

#include "common/gpu_available.hpp"

namespace mhc {
namespace {

// Without a driver CUPTI cannot enable its activity kinds: the trace reports that as
// CuptiUnavailable (the measurement then falls back to events) and frees its slot for a later try.
// With one, a second trace in the same process is refused while the first is active.
TEST(CuptiActivityTrace, UnavailableIsReportedAndOnlyOneTraceIsActive) {
  if (testing::host_environment().devices.empty()) {
    for (int attempt = 0; attempt < 2; ++attempt) {
      try {
        CuptiActivityTrace trace;
        FAIL() << "CUPTI enabled its activity kinds without a driver";
      } catch (const CuptiUnavailable& unavailable) {
        const std::string what = unavailable.what();
        EXPECT_NE(what.find("cuptiActivity"), std::string::npos) << what;
        EXPECT_EQ(what.find("already active"), std::string::npos) << what;
      }
    }
  } else {
    const CuptiActivityTrace first;
    try {
      const CuptiActivityTrace second;
      FAIL() << "a second trace was allowed";
    } catch (const CuptiUnavailable& unavailable) {
      EXPECT_NE(std::string(unavailable.what()).find("already active"), std::string::npos);
    }
  }
}

}  // namespace
}  // namespace mhc
