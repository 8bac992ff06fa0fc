#pragma once
// The measurement method in one function, nvbench's measure_cold as the model: check, warm up,
// take samples until the stopping rule says stop, summarise. The summary holds numbers only;
// report/ formats them.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "measure/measurement_rig.hpp"
#include "measure/sample_timer.hpp"
#include "measure/stopping_rule.hpp"

namespace mhc {

// cold: the L2 is flushed before every sample (the seed benchmark's method, and the default);
// hot: samples run back to back, each finding what the previous one left in L2.
enum class CacheMode { cold, hot };
std::string_view to_string(CacheMode mode);

struct MeasureOptions {
  CacheMode cache = CacheMode::cold;
  double warmup_seconds = 0.025;  // Triton's and FlashInfer's figure; at least one run regardless
  RelativeNoiseCriterion stopping;
  bool probe_sm_clock = true;
  int64_t max_invalid_samples = 10;  // discarded samples (CUPTI dropped records) before giving up
};

struct MeasurementSummary {
  TimerKind timer = TimerKind::cupti;
  std::string timer_note;  // why events were used, or how CUPTI records were grouped if unusual
  CacheMode cache = CacheMode::cold;
  // The span of each sample (first start to last end of its device work), in microseconds.
  double span_median_us = 0.0;
  double span_min_us = 0.0;
  double span_max_us = 0.0;
  double span_mean_us = 0.0;
  double span_stddev_us = 0.0;
  double span_iqr_us = 0.0;
  // Median over samples of the sum of the sample's operation durations (CUPTI only).
  std::optional<double> busy_median_us;
  int64_t operations_per_sample = 0;  // CUPTI only
  int64_t repetitions = 0;
  int64_t warmup_runs = 0;
  int64_t invalid_samples = 0;
  double relative_noise = 0.0;  // sample stddev / mean of the spans
  bool target_met = false;
  StopReason stop_reason = StopReason::running;
  std::string stopping_rule;
  // Mean of the SM clock probes after warm-up and after the last sample; nullopt if not probed.
  std::optional<double> sm_clock_mhz;
  std::vector<double> span_samples_us;  // every kept sample, in order, for the database
};

// `enqueue` queues the pipeline on the stream it is given and must not synchronise. `context`
// (pipeline, variant, shape) goes into every error. A fault in the pipeline surfaces as a
// CudaError from the first check.
MeasurementSummary measure_pipeline(MeasurementRig& rig, const Enqueue& enqueue,
                                    const MeasureOptions& options, std::string_view context);

}  // namespace mhc
