#include "measure/measure_pipeline.hpp"

#include <fmt/format.h>

#include <chrono>
#include <stdexcept>

#include "gpu/cuda_error.hpp"
#include "measure/sample_statistics.hpp"

namespace mhc {

std::string_view to_string(CacheMode mode) {
  return mode == CacheMode::cold ? "cold" : "hot";
}

namespace {

class Stopwatch {
 public:
  double seconds() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  }

 private:
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
};

// Cold samples start from a flushed L2; the flush finishes before the sample is queued, so it
// overlaps nothing the timers see.
void prepare_sample(MeasurementRig& rig, CacheMode cache, std::string_view context) {
  if (cache != CacheMode::cold) return;
  rig.l2_flush().flush(rig.stream());
  rig.owned_stream().synchronize(context);
}

void check_pipeline_runs(MeasurementRig& rig, const Enqueue& enqueue, std::string_view context) {
  enqueue(rig.stream());
  rig.owned_stream().synchronize(fmt::format("first run of {}", context));
}

int64_t warm_up(MeasurementRig& rig, const Enqueue& enqueue, const MeasureOptions& options,
                std::string_view context) {
  const Stopwatch clock;
  int64_t runs = 0;
  do {
    prepare_sample(rig, options.cache, context);
    rig.timer().time_sample(enqueue, rig.stream(), context);
    ++runs;
  } while (clock.seconds() < options.warmup_seconds);
  return runs;
}

struct Samples {
  std::vector<double> span_us;
  std::vector<double> busy_us;
  int64_t operations = 0;
  int64_t invalid = 0;
};

Samples take_samples(MeasurementRig& rig, const Enqueue& enqueue, const MeasureOptions& options,
                     StoppingRule& rule, std::string_view context) {
  Samples samples;
  const Stopwatch clock;
  while (!rule.should_stop()) {
    prepare_sample(rig, options.cache, context);
    SampleTiming timing;
    try {
      timing = rig.timer().time_sample(enqueue, rig.stream(), context);
    } catch (const InvalidSample& invalid) {
      if (++samples.invalid > options.max_invalid_samples)
        throw std::runtime_error(fmt::format("{} samples of {} were invalid; the last: {}",
                                             samples.invalid, context, invalid.what()));
      continue;
    }
    samples.span_us.push_back(timing.span_us);
    if (timing.busy_us) samples.busy_us.push_back(*timing.busy_us);
    samples.operations = timing.operations;
    rule.add_sample(timing.span_us * 1e-6, clock.seconds());
  }
  return samples;
}

void probe_clock(MeasurementRig& rig, const MeasureOptions& options, std::string_view context,
                 std::vector<double>& clocks_mhz) {
  if (options.probe_sm_clock)
    clocks_mhz.push_back(rig.sm_clock_probe().measure_mhz(rig.stream(), context));
}

MeasurementSummary summarize(MeasurementRig& rig, const MeasureOptions& options,
                             const StoppingRule& rule, const Samples& samples,
                             const std::vector<double>& clocks_mhz) {
  const SampleStatistics span = summarize_samples(samples.span_us);
  MeasurementSummary summary;
  summary.timer = rig.timer().kind();
  summary.timer_note = rig.timer_note().empty() ? rig.timer().note() : rig.timer_note();
  summary.cache = options.cache;
  summary.span_median_us = span.median;
  summary.span_min_us = span.min;
  summary.span_max_us = span.max;
  summary.span_mean_us = span.mean;
  summary.span_stddev_us = span.stddev;
  summary.span_iqr_us = span.iqr;
  if (!samples.busy_us.empty()) summary.busy_median_us = summarize_samples(samples.busy_us).median;
  summary.operations_per_sample = samples.operations;
  summary.repetitions = span.count;
  summary.invalid_samples = samples.invalid;
  summary.relative_noise = span.relative_noise;
  summary.target_met = rule.target_met();
  summary.stop_reason = rule.stop_reason();
  summary.stopping_rule = rule.describe();
  if (!clocks_mhz.empty()) summary.sm_clock_mhz = (clocks_mhz.front() + clocks_mhz.back()) / 2.0;
  summary.span_samples_us = samples.span_us;
  return summary;
}

}  // namespace

MeasurementSummary measure_pipeline(MeasurementRig& rig, const Enqueue& enqueue,
                                    const MeasureOptions& options, std::string_view context) {
  // 1. Check: one plain run, synchronised, so launch errors and faults surface before any timing
  //    and every kernel is loaded.
  check_pipeline_runs(rig, enqueue, context);
  rig.timer().new_pipeline();

  // 2. Warm up by time, through the timer, so its first sample fixes the operation count.
  const int64_t warmup_runs = warm_up(rig, enqueue, options, context);
  std::vector<double> clocks_mhz;
  probe_clock(rig, options, context, clocks_mhz);

  // 3. Samples until the stopping rule is satisfied or gives up.
  RelativeNoiseRule rule(options.stopping);
  const Samples samples = take_samples(rig, enqueue, options, rule, context);
  probe_clock(rig, options, context, clocks_mhz);

  // 4. Summary.
  MeasurementSummary summary = summarize(rig, options, rule, samples, clocks_mhz);
  summary.warmup_runs = warmup_runs;
  return summary;
}

}  // namespace mhc
