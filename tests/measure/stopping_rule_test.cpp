#include "measure/stopping_rule.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace mhc {
namespace {

// Feeds samples (seconds), one per millisecond of wall time, until the rule stops.
int64_t feed_until_stop(StoppingRule& rule, double (*sample)(int64_t), int64_t limit = 100000) {
  int64_t n = 0;
  while (!rule.should_stop() && n < limit) {
    rule.add_sample(sample(n), static_cast<double>(n + 1) * 1e-3);
    ++n;
  }
  return n;
}

TEST(RelativeNoiseRule, SteadySamplesStopAfterTheMinimumCount) {
  RelativeNoiseRule rule({.min_samples = 10, .max_noise = 0.01, .min_gpu_seconds = 0.0});
  const int64_t n = feed_until_stop(rule, [](int64_t) { return 5e-6; });
  EXPECT_EQ(n, 10);
  EXPECT_EQ(rule.stop_reason(), StopReason::noise_target);
  EXPECT_TRUE(rule.target_met());
  EXPECT_DOUBLE_EQ(rule.relative_noise(), 0.0);
}

TEST(RelativeNoiseRule, MinimumGpuTimeDelaysTheStop) {
  // 1 ms samples, 25 ms of GPU time required: stops at the 25th sample, not the 10th.
  RelativeNoiseRule rule({.min_samples = 10, .max_noise = 0.01, .min_gpu_seconds = 0.025});
  const int64_t n = feed_until_stop(rule, [](int64_t) { return 1e-3; });
  EXPECT_EQ(n, 25);
  EXPECT_EQ(rule.stop_reason(), StopReason::noise_target);
}

TEST(RelativeNoiseRule, NoisySamplesStopAtTheSampleCapWithoutTheTarget) {
  // Alternating 1 and 3 us: relative noise about 50%, never under 1%.
  RelativeNoiseRule rule({.min_samples = 10,
                          .max_noise = 0.01,
                          .min_gpu_seconds = 0.0,
                          .max_samples = 200,
                          .max_wall_seconds = 1e9});
  const int64_t n = feed_until_stop(rule, [](int64_t i) { return i % 2 == 0 ? 1e-6 : 3e-6; });
  EXPECT_EQ(n, 200);
  EXPECT_EQ(rule.stop_reason(), StopReason::max_samples);
  EXPECT_FALSE(rule.target_met());
  EXPECT_NEAR(rule.relative_noise(), 0.5, 0.01);
}

TEST(RelativeNoiseRule, NoisySamplesStopAtTheTimeCap) {
  // One sample per simulated millisecond, 50 ms cap.
  RelativeNoiseRule rule({.min_samples = 10,
                          .max_noise = 0.01,
                          .min_gpu_seconds = 0.0,
                          .max_samples = 100000,
                          .max_wall_seconds = 0.05});
  const int64_t n = feed_until_stop(rule, [](int64_t i) { return i % 2 == 0 ? 1e-6 : 3e-6; });
  EXPECT_EQ(n, 50);
  EXPECT_EQ(rule.stop_reason(), StopReason::max_time);
  EXPECT_FALSE(rule.target_met());
}

TEST(RelativeNoiseRule, TimeCapStillTakesTheMinimumSamples) {
  RelativeNoiseRule rule({.min_samples = 10, .max_noise = 0.01, .max_wall_seconds = 0.0});
  rule.add_sample(1e-6, 5.0);
  EXPECT_FALSE(rule.should_stop());
  for (int i = 0; i < 9; ++i) rule.add_sample(i % 2 ? 1e-6 : 2e-6, 5.0);
  EXPECT_EQ(rule.stop_reason(), StopReason::max_time);
}

TEST(RelativeNoiseRule, NoiseThatSettlesMeetsTheTarget) {
  // 20 wild samples, then steady ones: the running noise falls under 1% eventually.
  RelativeNoiseRule rule({.min_samples = 10,
                          .max_noise = 0.01,
                          .min_gpu_seconds = 0.0,
                          .max_samples = 1000000,
                          .max_wall_seconds = 1e9});
  const int64_t n =
      feed_until_stop(rule, [](int64_t i) { return i < 20 ? (i % 2 ? 1.5e-6 : 0.5e-6) : 1e-6; });
  EXPECT_GT(n, 20);
  EXPECT_LT(n, 1000000);
  EXPECT_EQ(rule.stop_reason(), StopReason::noise_target);
  EXPECT_LE(rule.relative_noise(), 0.01);
}

TEST(RelativeNoiseRule, ResetForgetsEverything) {
  RelativeNoiseRule rule({.min_samples = 2, .max_noise = 0.5, .min_gpu_seconds = 0.0});
  rule.add_sample(1.0, 0.0);
  rule.add_sample(1.0, 0.0);
  EXPECT_TRUE(rule.should_stop());
  rule.reset();
  EXPECT_FALSE(rule.should_stop());
  EXPECT_TRUE(std::isinf(rule.relative_noise()));
}

TEST(RelativeNoiseRule, RejectsInconsistentCriteria) {
  EXPECT_THROW(RelativeNoiseRule({.min_samples = 1}), std::invalid_argument);
  EXPECT_THROW(RelativeNoiseRule({.min_samples = 10, .max_samples = 5}), std::invalid_argument);
  EXPECT_THROW(RelativeNoiseRule({.max_noise = 0.0}), std::invalid_argument);
}

TEST(RelativeNoiseRule, DescribesItself) {
  const RelativeNoiseRule rule;
  EXPECT_EQ(rule.describe(),
            "stdrel: noise <= 1% after >= 10 samples and 50 ms GPU time; caps 1000 samples, 3 s");
}

}  // namespace
}  // namespace mhc
