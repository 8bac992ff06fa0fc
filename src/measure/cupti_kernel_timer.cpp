#include "measure/cupti_kernel_timer.hpp"

#include <fmt/format.h>

#include <array>
#include <stdexcept>
#include <string>

#include "gpu/cuda_error.hpp"

namespace mhc {

namespace {
class ExternalIdScope {
 public:
  ExternalIdScope(const CuptiActivityTrace& trace, uint64_t id) : trace_(trace) {
    trace_.push_external_id(id);
  }
  ~ExternalIdScope() { trace_.pop_external_id(); }
  ExternalIdScope(const ExternalIdScope&) = delete;
  ExternalIdScope& operator=(const ExternalIdScope&) = delete;

 private:
  const CuptiActivityTrace& trace_;
};

const std::array<std::string, 1> kHelperKernels = {StreamBlocker::kKernelName};
}  // namespace

CuptiKernelTimer::CuptiKernelTimer(StreamBlocker& blocker) : blocker_(blocker) {}

std::string CuptiKernelTimer::note() const {
  if (last_grouping_ == SampleGrouping::time_window)
    return "CUPTI gave no external correlation records; samples grouped by time window";
  return "";
}

SampleTiming CuptiKernelTimer::time_sample(const Enqueue& enqueue, cudaStream_t stream,
                                           std::string_view context) {
  const uint64_t id = next_id_++;
  SampleWindow window;
  {
    const BlockedStreamScope blocked(blocker_, stream, context);
    window.start_ns = trace_.timestamp_ns();
    const ExternalIdScope tagged(trace_, id);
    enqueue(stream);
  }
  check_cuda(cudaStreamSynchronize(stream), "cudaStreamSynchronize", context);
  window.end_ns = trace_.timestamp_ns();
  if (blocker_.timed_out())
    throw std::runtime_error(fmt::format(
        "the stream blocker timed out while {} was queued (does the pipeline synchronise?)",
        context));

  // The first sample of a pipeline force-flushes, so its operation count is complete and becomes
  // the expectation; later samples force only when records seem missing.
  ActivityBatch batch = trace_.flush(!expected_operations_.has_value());
  SampleActivities selected = select_sample_activities(batch, id, window, kHelperKernels);
  if (expected_operations_ &&
      static_cast<int64_t>(selected.activities.size()) < *expected_operations_) {
    batch.append(trace_.flush(true));
    selected = select_sample_activities(batch, id, window, kHelperKernels);
  }
  if (batch.dropped_records > 0)
    throw InvalidSample(fmt::format("CUPTI dropped {} activity records during a sample of {}",
                                    batch.dropped_records, context));
  const auto times = activity_times(selected.activities);
  if (!times && !selected.activities.empty())  // a forced flush may hand over unfinished records
    throw InvalidSample(
        fmt::format("CUPTI delivered {} records of a sample of {} without timestamps",
                    selected.activities.size(), context));
  if (!times)
    throw std::runtime_error(fmt::format(
        "CUPTI recorded no timed device operation for a sample of {} ({} records in the flush)",
        context, batch.activities.size()));
  if (!expected_operations_) {
    expected_operations_ = times->operations;
  } else if (times->operations != *expected_operations_) {
    throw std::runtime_error(
        fmt::format("a sample of {} ran {} device operations, its first sample {}: the pipeline is "
                    "not the same "
                    "from sample to sample",
                    context, times->operations, *expected_operations_));
  }
  last_grouping_ = selected.grouping;
  return {times->span_us, times->busy_us, times->operations};
}

}  // namespace mhc
