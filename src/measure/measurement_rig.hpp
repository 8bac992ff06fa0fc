#pragma once
// The instruments measurements on one GPU share, set up once per process: the stream samples run
// on, the stream blocker, the L2 flush buffer, the SM clock probe, and the timer (CUPTI, or CUDA
// events when CUPTI cannot subscribe, with the reason kept for every result).
#include <memory>
#include <string>

#include "gpu/cuda_device.hpp"
#include "gpu/cuda_stream.hpp"
#include "measure/l2_flush.hpp"
#include "measure/sample_timer.hpp"
#include "measure/sm_clock_probe.hpp"
#include "measure/stream_blocker.hpp"

namespace mhc {

enum class TimerPreference { cupti_else_events, events };

class MeasurementRig {
 public:
  explicit MeasurementRig(const CudaDevice& device,
                          TimerPreference preference = TimerPreference::cupti_else_events);
  MeasurementRig(const MeasurementRig&) = delete;
  MeasurementRig& operator=(const MeasurementRig&) = delete;

  cudaStream_t stream() const { return stream_.get(); }
  const CudaStream& owned_stream() const { return stream_; }
  SampleTimer& timer() { return *timer_; }
  // Empty with CUPTI; with events, why CUPTI was not used.
  const std::string& timer_note() const { return timer_note_; }
  StreamBlocker& blocker() { return blocker_; }
  L2Flush& l2_flush() { return l2_flush_; }
  SmClockProbe& sm_clock_probe() { return sm_clock_probe_; }
  int64_t l2_bytes() const { return l2_bytes_; }

 private:
  CudaStream stream_;
  StreamBlocker blocker_;  // before timer_: the timer holds a reference to it
  L2Flush l2_flush_;
  SmClockProbe sm_clock_probe_;
  int64_t l2_bytes_;
  std::unique_ptr<SampleTimer> timer_;
  std::string timer_note_;
};

}  // namespace mhc
