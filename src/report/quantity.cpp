#include "report/quantity.hpp"

namespace mhc::report {

std::string_view gap_code(Gap gap) {
  switch (gap) {
    case Gap::none:
      return "";
    case Gap::not_swept:
      return "not-swept";
    case Gap::no_baseline:
      return "no-baseline";
    case Gap::baseline_failed:
      return "baseline-failed";
    case Gap::no_tuned:
      return "no-tuned";
    case Gap::no_pipeline:
      return "no-pipeline";
    case Gap::no_default:
      return "no-default";
    case Gap::no_bytes:
      return "no-bytes";
    case Gap::no_copy_bandwidth:
      return "no-copy-bandwidth";
    case Gap::no_peak_bandwidth:
      return "no-peak-bandwidth";
    case Gap::not_in_other:
      return "not-in-other";
    case Gap::not_in_this:
      return "not-in-this";
  }
  return "unknown";
}

std::string_view gap_explanation(Gap gap) {
  switch (gap) {
    case Gap::none:
      return "";
    case Gap::not_swept:
      return "This problem was not swept: the database holds no attempt for it.";
    case Gap::no_baseline:
      return "No baseline pipeline attempt is recorded for this problem, so there is no speedup.";
    case Gap::baseline_failed:
      return "The baseline pipeline was tried but not verified and timed (see What was tried), so "
             "there is no speedup.";
    case Gap::no_tuned:
      return "Pipelines were tried for this problem but none was verified and timed (see What was "
             "tried).";
    case Gap::no_pipeline:
      return "Only single ops were measured for this problem; no whole-layer pipeline was timed.";
    case Gap::no_default:
      return "No default-variant pipeline was verified and timed for this problem, so there is no "
             "tuning gain.";
    case Gap::no_bytes:
      return "The attempt recorded no floor bytes, so there is no achieved bandwidth.";
    case Gap::no_copy_bandwidth:
      return "The run that timed this attempt measured no copy bandwidth, so there is no share of "
             "it.";
    case Gap::no_peak_bandwidth:
      return "The device's peak bandwidth is not recorded.";
    case Gap::not_in_other:
      return "The other database has no verified, timed pipeline for this problem.";
    case Gap::not_in_this:
      return "This database holds no attempt for this problem.";
  }
  return "";
}

Quantity divide(const Quantity& a, const Quantity& b, Gap when_zero) {
  if (!a.value) return Quantity::missing(a.gap);
  if (!b.value) return Quantity::missing(b.gap);
  if (*b.value == 0.0) return Quantity::missing(when_zero);
  return Quantity::of(*a.value / *b.value);
}

}  // namespace mhc::report
