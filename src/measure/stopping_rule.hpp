#pragma once
// When to stop taking samples, behind one small interface (nvbench's stopping_criterion_base), so a
// different rule can be tried without touching the measurement loop.
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace mhc {

enum class StopReason { running, noise_target, max_samples, max_time };
std::string_view to_string(StopReason reason);

class StoppingRule {
 public:
  virtual ~StoppingRule() = default;
  virtual void reset() = 0;
  // One sample's GPU time, and the wall time since sampling began; both in seconds.
  virtual void add_sample(double sample_seconds, double elapsed_wall_seconds) = 0;
  virtual StopReason stop_reason() const = 0;  // running while more samples are wanted
  bool should_stop() const { return stop_reason() != StopReason::running; }
  // Whether the noise target holds for the samples so far (recorded with every result).
  virtual bool target_met() const = 0;
  virtual double relative_noise() const = 0;
  virtual std::string describe() const = 0;
};

// nvbench's stdrel criterion: stop once the relative noise (sample stddev / mean) is at most
// max_noise, after at least min_samples samples and min_gpu_seconds of accumulated GPU time; give
// up at max_samples or max_wall_seconds, recording whether the target was met then.
struct RelativeNoiseCriterion {
  int64_t min_samples = 10;
  double max_noise = 0.01;
  double min_gpu_seconds = 0.05;
  int64_t max_samples = 1000;
  double max_wall_seconds = 3.0;
};

class RelativeNoiseRule final : public StoppingRule {
 public:
  explicit RelativeNoiseRule(RelativeNoiseCriterion criterion = {});
  void reset() override;
  void add_sample(double sample_seconds, double elapsed_wall_seconds) override;
  StopReason stop_reason() const override;
  bool target_met() const override;
  double relative_noise() const override;
  std::string describe() const override;

 private:
  RelativeNoiseCriterion criterion_;
  // Welford's running mean and sum of squared deviations: O(1) per sample, stable.
  int64_t count_ = 0;
  double mean_ = 0.0;
  double squared_deviations_ = 0.0;
  double gpu_seconds_ = 0.0;
  double wall_seconds_ = 0.0;
};

std::unique_ptr<StoppingRule> make_relative_noise_rule(RelativeNoiseCriterion criterion = {});

}  // namespace mhc
