#include "measure/sample_statistics.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

namespace mhc {
namespace {

TEST(SampleStatistics, KnownSetInAnyOrder) {
  // 2,4,4,4,5,5,7,9: mean 5, sum of squared deviations 32, sample variance 32/7.
  const std::vector<double> samples = {9, 4, 5, 2, 4, 7, 4, 5};
  const SampleStatistics s = summarize_samples(samples);
  EXPECT_EQ(s.count, 8);
  EXPECT_DOUBLE_EQ(s.min, 2.0);
  EXPECT_DOUBLE_EQ(s.max, 9.0);
  EXPECT_DOUBLE_EQ(s.mean, 5.0);
  EXPECT_DOUBLE_EQ(s.median, 4.5);
  EXPECT_DOUBLE_EQ(s.stddev, std::sqrt(32.0 / 7.0));
  // Type 7 quartiles: positions 1.75 and 5.25 of the sorted set.
  EXPECT_DOUBLE_EQ(s.q1, 4.0);
  EXPECT_DOUBLE_EQ(s.q3, 5.5);
  EXPECT_DOUBLE_EQ(s.iqr, 1.5);
  EXPECT_DOUBLE_EQ(s.relative_noise, std::sqrt(32.0 / 7.0) / 5.0);
}

TEST(SampleStatistics, OddCountMedianAndInterpolatedQuartiles) {
  const std::vector<double> samples = {1, 2, 3, 4, 10};
  const SampleStatistics s = summarize_samples(samples);
  EXPECT_DOUBLE_EQ(s.median, 3.0);
  EXPECT_DOUBLE_EQ(s.q1, 2.0);
  EXPECT_DOUBLE_EQ(s.q3, 4.0);
  EXPECT_DOUBLE_EQ(sorted_quantile(std::vector<double>{1, 2, 3, 4, 10}, 0.9), 7.6);
}

TEST(SampleStatistics, SingleSampleHasNoSpread) {
  const std::vector<double> samples = {3.5};
  const SampleStatistics s = summarize_samples(samples);
  EXPECT_DOUBLE_EQ(s.median, 3.5);
  EXPECT_DOUBLE_EQ(s.stddev, 0.0);
  EXPECT_DOUBLE_EQ(s.relative_noise, 0.0);
  EXPECT_DOUBLE_EQ(s.iqr, 0.0);
}

TEST(SampleStatistics, EmptySetIsAnError) {
  EXPECT_THROW(summarize_samples({}), std::invalid_argument);
}

}  // namespace
}  // namespace mhc
