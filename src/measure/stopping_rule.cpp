#include "measure/stopping_rule.hpp"

#include <fmt/format.h>

#include <cmath>
#include <stdexcept>

namespace mhc {

std::string_view to_string(StopReason reason) {
  switch (reason) {
    case StopReason::running:
      return "running";
    case StopReason::noise_target:
      return "noise_target";
    case StopReason::max_samples:
      return "max_samples";
    case StopReason::max_time:
      return "max_time";
  }
  return "?";
}

RelativeNoiseRule::RelativeNoiseRule(RelativeNoiseCriterion criterion) : criterion_(criterion) {
  if (criterion_.min_samples < 2 || criterion_.max_samples < criterion_.min_samples ||
      !(criterion_.max_noise > 0.0))
    throw std::invalid_argument(fmt::format("invalid stopping criterion: {}", describe()));
}

void RelativeNoiseRule::reset() {
  count_ = 0;
  mean_ = squared_deviations_ = gpu_seconds_ = wall_seconds_ = 0.0;
}

void RelativeNoiseRule::add_sample(double sample_seconds, double elapsed_wall_seconds) {
  ++count_;
  const double delta = sample_seconds - mean_;
  mean_ += delta / static_cast<double>(count_);
  squared_deviations_ += delta * (sample_seconds - mean_);
  gpu_seconds_ += sample_seconds;
  wall_seconds_ = elapsed_wall_seconds;
}

double RelativeNoiseRule::relative_noise() const {
  if (count_ < 2 || mean_ == 0.0) return INFINITY;  // not known yet
  return std::sqrt(squared_deviations_ / static_cast<double>(count_ - 1)) / mean_;
}

bool RelativeNoiseRule::target_met() const {
  return count_ >= criterion_.min_samples && relative_noise() <= criterion_.max_noise;
}

StopReason RelativeNoiseRule::stop_reason() const {
  if (target_met() && gpu_seconds_ >= criterion_.min_gpu_seconds) return StopReason::noise_target;
  if (count_ >= criterion_.max_samples) return StopReason::max_samples;
  // Even past the wall-time cap, the minimum sample count is honoured.
  if (wall_seconds_ >= criterion_.max_wall_seconds && count_ >= criterion_.min_samples)
    return StopReason::max_time;
  return StopReason::running;
}

std::string RelativeNoiseRule::describe() const {
  return fmt::format(
      "stdrel: noise <= {:g}% after >= {} samples and {:g} ms GPU time; caps {} samples, {:g} s",
      criterion_.max_noise * 100.0, criterion_.min_samples, criterion_.min_gpu_seconds * 1e3,
      criterion_.max_samples, criterion_.max_wall_seconds);
}

std::unique_ptr<StoppingRule> make_relative_noise_rule(RelativeNoiseCriterion criterion) {
  return std::make_unique<RelativeNoiseRule>(criterion);
}

}  // namespace mhc
