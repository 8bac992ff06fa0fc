#include "report/change_label.hpp"

#include <algorithm>
#include <cmath>

namespace mhc::report {

std::string_view to_string(ChangeLabel label) {
  switch (label) {
    case ChangeLabel::same:
      return "SAME";
    case ChangeLabel::fast:
      return "FAST";
    case ChangeLabel::slow:
      return "SLOW";
    case ChangeLabel::ambiguous:
      return "AMBG";
  }
  return "AMBG";
}

ChangeLabel classify_change(double a_us, double a_noise, double b_us, double b_noise) {
  if (!(a_us > 0.0) || !(b_us > 0.0)) return ChangeLabel::ambiguous;  // no ratio to judge
  const double difference = a_us / b_us - 1.0;
  if (std::abs(difference) <= std::min(a_noise, b_noise)) return ChangeLabel::same;
  if (std::abs(difference) > a_noise + b_noise)
    return difference < 0 ? ChangeLabel::fast : ChangeLabel::slow;
  return ChangeLabel::ambiguous;
}

}  // namespace mhc::report
