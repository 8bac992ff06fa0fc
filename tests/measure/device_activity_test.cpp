#include "measure/device_activity.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace mhc {
namespace {

DeviceActivity kernel(uint32_t correlation, uint64_t start, uint64_t end, std::string name = "k") {
  return {DeviceActivityKind::kernel, correlation, start, end, std::move(name)};
}

const std::vector<std::string> kNoExclusions;

TEST(DeviceActivity, GroupsBySampleExternalId) {
  ActivityBatch batch;
  // Sample 7 launched calls 100 and 101 (101 a copy); sample 8 launched call 102.
  batch.correlations = {{100, 7}, {101, 7}, {102, 8}};
  batch.activities = {kernel(102, 5000, 5100),
                      kernel(101, 1200, 1300),
                      {DeviceActivityKind::memcpy, 100, 1000, 1100, ""},
                      kernel(99, 900, 950)};
  const SampleActivities seven = select_sample_activities(batch, 7, {0, 1}, kNoExclusions);
  EXPECT_EQ(seven.grouping, SampleGrouping::external_id);
  ASSERT_EQ(seven.activities.size(), 2u);
  EXPECT_EQ(seven.activities[0].correlation_id, 100u);  // sorted by start
  EXPECT_EQ(seven.activities[1].correlation_id, 101u);
  const auto times = activity_times(seven.activities);
  ASSERT_TRUE(times);
  EXPECT_DOUBLE_EQ(times->span_us, 0.3);  // 1000 .. 1300 ns
  EXPECT_DOUBLE_EQ(times->busy_us, 0.2);
  EXPECT_EQ(times->operations, 2);
}

TEST(DeviceActivity, FallsBackToTheTimeWindowWithoutCorrelationRecords) {
  ActivityBatch batch;
  batch.activities = {kernel(1, 900, 1500, "mhc_stream_blocker"), kernel(2, 1000, 1400),
                      kernel(3, 1450, 1900), kernel(4, 1950, 2100), kernel(5, 500, 800)};
  const std::vector<std::string> excluded = {"mhc_stream_blocker"};
  const SampleActivities s = select_sample_activities(batch, 42, {1000, 2000}, excluded);
  EXPECT_EQ(s.grouping, SampleGrouping::time_window);
  ASSERT_EQ(s.activities.size(), 2u);  // 4 ends after the window, 5 is before it
  EXPECT_EQ(s.activities[0].correlation_id, 2u);
  EXPECT_EQ(s.activities[1].correlation_id, 3u);
  const auto times = activity_times(s.activities);
  ASSERT_TRUE(times);
  EXPECT_DOUBLE_EQ(times->span_us, 0.9);
  EXPECT_DOUBLE_EQ(times->busy_us, 0.85);
}

TEST(DeviceActivity, OtherSamplesCorrelationsDoNotTriggerTheFallback) {
  ActivityBatch batch;
  batch.correlations = {{10, 1}};
  batch.activities = {kernel(10, 100, 200)};
  const SampleActivities s = select_sample_activities(batch, 2, {0, 1000}, kNoExclusions);
  // Id 2 has no records at all, so the window decides; the kernel of sample 1 lies inside it.
  EXPECT_EQ(s.grouping, SampleGrouping::time_window);
  EXPECT_EQ(s.activities.size(), 1u);
  batch.correlations.push_back({11, 2});
  const SampleActivities tagged = select_sample_activities(batch, 2, {0, 1000}, kNoExclusions);
  EXPECT_EQ(tagged.grouping, SampleGrouping::external_id);
  EXPECT_TRUE(tagged.activities.empty());
}

TEST(DeviceActivity, MissingTimestampsGiveNoTimes) {
  EXPECT_FALSE(activity_times({}));
  const std::vector<DeviceActivity> untimed = {kernel(1, 0, 0)};
  EXPECT_FALSE(activity_times(untimed));
}

TEST(DeviceActivity, AppendAddsDroppedCounts) {
  ActivityBatch a, b;
  a.dropped_records = 2;
  b.dropped_records = 3;
  b.activities = {kernel(1, 1, 2)};
  b.correlations = {{1, 1}};
  a.append(std::move(b));
  EXPECT_EQ(a.dropped_records, 5u);
  EXPECT_EQ(a.activities.size(), 1u);
  EXPECT_EQ(a.correlations.size(), 1u);
}

}  // namespace
}  // namespace mhc
