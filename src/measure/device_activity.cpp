#include "measure/device_activity.hpp"

#include <algorithm>
#include <unordered_set>

namespace mhc {

void ActivityBatch::append(ActivityBatch&& other) {
  activities.insert(activities.end(), std::make_move_iterator(other.activities.begin()),
                    std::make_move_iterator(other.activities.end()));
  correlations.insert(correlations.end(), other.correlations.begin(), other.correlations.end());
  dropped_records += other.dropped_records;
}

SampleActivities select_sample_activities(const ActivityBatch& batch, uint64_t external_id,
                                          SampleWindow window,
                                          std::span<const std::string> excluded_names) {
  SampleActivities result;
  std::unordered_set<uint32_t> calls;  // correlation ids of the sample's API calls
  for (const auto& link : batch.correlations)
    if (link.external_id == external_id) calls.insert(link.correlation_id);
  if (!calls.empty()) {
    result.grouping = SampleGrouping::external_id;
    for (const auto& a : batch.activities)
      if (calls.contains(a.correlation_id)) result.activities.push_back(a);
  } else {
    result.grouping = SampleGrouping::time_window;
    for (const auto& a : batch.activities) {
      const bool inside = a.start_ns >= window.start_ns && a.end_ns <= window.end_ns;
      const bool excluded =
          std::find(excluded_names.begin(), excluded_names.end(), a.name) != excluded_names.end();
      if (inside && !excluded) result.activities.push_back(a);
    }
  }
  std::sort(
      result.activities.begin(), result.activities.end(),
      [](const DeviceActivity& a, const DeviceActivity& b) { return a.start_ns < b.start_ns; });
  return result;
}

std::optional<ActivityTimes> activity_times(std::span<const DeviceActivity> activities) {
  if (activities.empty()) return std::nullopt;
  uint64_t first_start = UINT64_MAX, last_end = 0, busy_ns = 0;
  for (const auto& a : activities) {
    if (a.start_ns == 0 || a.end_ns == 0 || a.end_ns < a.start_ns) return std::nullopt;
    first_start = std::min(first_start, a.start_ns);
    last_end = std::max(last_end, a.end_ns);
    busy_ns += a.end_ns - a.start_ns;
  }
  ActivityTimes times;
  times.span_us = static_cast<double>(last_end - first_start) * 1e-3;
  times.busy_us = static_cast<double>(busy_ns) * 1e-3;
  times.operations = static_cast<int64_t>(activities.size());
  return times;
}

}  // namespace mhc
