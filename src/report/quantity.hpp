#pragma once
// A number the report shows, or the reason it has none. A printer shows a missing number as a dash
// with the reason beside it (a footnote, a CSV note, a JSON string), never as a made-up number.
#include <optional>
#include <string_view>

namespace mhc::report {

enum class Gap {
  none,
  not_swept,          // the database holds no attempt for this problem
  no_baseline,        // no baseline pipeline attempt was recorded
  baseline_failed,    // baseline attempts were recorded, none verified and timed
  no_tuned,           // pipeline attempts were recorded, none verified and timed
  no_pipeline,        // only op attempts were recorded for this problem
  no_default,         // no default-variant pipeline attempt was verified and timed
  no_bytes,           // the attempt recorded no floor bytes
  no_copy_bandwidth,  // the attempt's run measured no copy bandwidth
  no_peak_bandwidth,  // the device's peak bandwidth is not recorded
  not_in_other,       // --compare: the other database has no tuned time for this problem
  not_in_this,        // --compare: this database holds no attempt for this problem
};

// Stable identifiers (CSV, JSON, footnote labels) and one sentence for a reader.
std::string_view gap_code(Gap gap);
std::string_view gap_explanation(Gap gap);

struct Quantity {
  std::optional<double> value;
  Gap gap = Gap::none;  // why value is empty

  static Quantity of(double v) { return {v, Gap::none}; }
  static Quantity missing(Gap why) { return {std::nullopt, why}; }
  bool has_value() const { return value.has_value(); }
};

// a / b, or the first gap of the two; b == 0 has no quotient and reports `when_zero`.
Quantity divide(const Quantity& a, const Quantity& b, Gap when_zero);

}  // namespace mhc::report
