#include "measure/event_timer.hpp"

#include <fmt/format.h>

#include <stdexcept>

#include "gpu/cuda_error.hpp"

namespace mhc {

EventTimer::EventTimer(StreamBlocker& blocker)
    : blocker_(blocker), start_("event timer start"), end_("event timer end") {}

SampleTiming EventTimer::time_sample(const Enqueue& enqueue, cudaStream_t stream,
                                     std::string_view context) {
  {
    const BlockedStreamScope blocked(blocker_, stream, context);
    start_.record(stream, context);
    enqueue(stream);
    end_.record(stream, context);
  }
  check_cuda(cudaStreamSynchronize(stream), "cudaStreamSynchronize", context);
  if (blocker_.timed_out())
    throw std::runtime_error(fmt::format(
        "the stream blocker timed out while {} was queued (does the pipeline synchronise?)",
        context));
  SampleTiming timing;
  timing.span_us = 1e3 * elapsed_ms(start_, end_, context);
  return timing;
}

}  // namespace mhc
