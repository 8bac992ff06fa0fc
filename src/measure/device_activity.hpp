#pragma once
// What CUPTI reports, as plain values, and how one sample's device work is picked out of it. Kept
// apart from CUPTI itself so the grouping is tested on the CPU with made-up records.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace mhc {

enum class DeviceActivityKind { kernel, memcpy, memset };

// One operation that ran on the GPU: a kernel, a copy or a memset, with CUPTI's timestamps (ns).
struct DeviceActivity {
  DeviceActivityKind kind = DeviceActivityKind::kernel;
  uint32_t correlation_id = 0;  // CUPTI's id of the API call that queued it
  uint64_t start_ns = 0;
  uint64_t end_ns = 0;
  std::string name;  // kernel name (mangled); empty for copies and memsets
};

// CUPTI's link from an API call (its correlation id) to the external id pushed around it.
struct ExternalCorrelation {
  uint32_t correlation_id = 0;
  uint64_t external_id = 0;
};

// Everything CUPTI delivered in one or more flushes.
struct ActivityBatch {
  std::vector<DeviceActivity> activities;
  std::vector<ExternalCorrelation> correlations;
  uint64_t dropped_records = 0;
  void append(ActivityBatch&& other);
};

// The host-clock window (cuptiGetTimestamp) one sample was enqueued and completed in.
struct SampleWindow {
  uint64_t start_ns = 0;
  uint64_t end_ns = 0;
};

enum class SampleGrouping { external_id, time_window };

struct SampleActivities {
  std::vector<DeviceActivity> activities;  // sorted by start time
  SampleGrouping grouping = SampleGrouping::external_id;
};

// The sample's activities: those whose API call carried `external_id`. Only when no record of the
// batch carries that id at all (CUPTI gave no correlation records) does it fall back to the
// activities that lie wholly inside `window`, leaving out kernels named in `excluded_names`
// (the stream blocker, which runs across the window's start).
SampleActivities select_sample_activities(const ActivityBatch& batch, uint64_t external_id,
                                          SampleWindow window,
                                          std::span<const std::string> excluded_names);

// One sample's times from its activities.
struct ActivityTimes {
  double span_us = 0.0;  // first start to last end
  double busy_us = 0.0;  // sum of the activities' durations
  int64_t operations = 0;
};
// nullopt when there are no activities or a record lacks timestamps (start or end 0).
std::optional<ActivityTimes> activity_times(std::span<const DeviceActivity> activities);

}  // namespace mhc
