#pragma once
// CUDA events around each sample: the fallback when CUPTI is unavailable, and the cross-check of
// the CUPTI timer. Events see only the span between two stream positions, not individual kernels.
#include "gpu/cuda_event.hpp"
#include "measure/sample_timer.hpp"
#include "measure/stream_blocker.hpp"

namespace mhc {

class EventTimer final : public SampleTimer {
 public:
  explicit EventTimer(StreamBlocker& blocker);
  TimerKind kind() const override { return TimerKind::events; }
  SampleTiming time_sample(const Enqueue& enqueue, cudaStream_t stream,
                           std::string_view context) override;

 private:
  StreamBlocker& blocker_;
  CudaEvent start_;
  CudaEvent end_;
};

}  // namespace mhc
