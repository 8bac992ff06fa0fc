#pragma once
// One timed sample of a pipeline, by either timer. The measurement loop sees only this interface.
#include <cuda_runtime.h>

#include <cstdint>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace mhc {

// Queues a pipeline's device work on the stream. It must not synchronise: the stream is held by
// the stream blocker while it runs.
using Enqueue = std::function<void(cudaStream_t)>;

enum class TimerKind { cupti, events };
std::string_view to_string(TimerKind kind);

struct SampleTiming {
  double span_us = 0.0;  // first start to last end of the sample's device work
  // Sum of the durations of the sample's device operations (kernels, and copies and memsets the
  // pipeline queues): CUPTI only; events see just the span.
  std::optional<double> busy_us;
  int64_t operations = 0;  // device operations seen (CUPTI only; 0 for events)
};

// A sample whose time cannot be trusted (CUPTI dropped records): the loop discards it and goes on.
class InvalidSample : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class SampleTimer {
 public:
  virtual ~SampleTimer() = default;
  virtual TimerKind kind() const = 0;
  // Called before the warm-up of each pipeline: forget what was learned about the previous one.
  virtual void new_pipeline() {}
  // Anything unusual about how the last sample was timed, for the result; empty when nothing is.
  virtual std::string note() const { return ""; }
  // Queues enqueue(stream) as one sample behind the stream blocker, waits for the stream, and
  // returns the sample's time. `context` names the pipeline and shape in errors.
  virtual SampleTiming time_sample(const Enqueue& enqueue, cudaStream_t stream,
                                   std::string_view context) = 0;
};

}  // namespace mhc
