#pragma once
// The primary timer: CUPTI's GPU timestamps of every device operation a sample queues, grouped by
// an external correlation id pushed around the sample's launches. Per sample it gives the span
// (first start to last end) and the sum of the operations' durations, and it checks that no record
// was dropped and that every sample of a pipeline ran the same number of operations.
#include <optional>

#include "measure/cupti_activity_trace.hpp"
#include "measure/sample_timer.hpp"
#include "measure/stream_blocker.hpp"

namespace mhc {

class CuptiKernelTimer final : public SampleTimer {
 public:
  // Throws CuptiUnavailable when CUPTI cannot subscribe or enable its activity kinds.
  explicit CuptiKernelTimer(StreamBlocker& blocker);
  TimerKind kind() const override { return TimerKind::cupti; }
  void new_pipeline() override { expected_operations_.reset(); }
  SampleTiming time_sample(const Enqueue& enqueue, cudaStream_t stream,
                           std::string_view context) override;
  // Says so when the last sample's records had to be grouped by time window (CUPTI gave no
  // external correlation records).
  std::string note() const override;

 private:
  StreamBlocker& blocker_;
  CuptiActivityTrace trace_;
  uint64_t next_id_ = 1;
  std::optional<int64_t> expected_operations_;  // from the pipeline's first sample
  SampleGrouping last_grouping_ = SampleGrouping::external_id;
};

}  // namespace mhc
