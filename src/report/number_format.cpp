#include "report/number_format.hpp"

#include <fmt/format.h>

namespace mhc::report {

std::string format_number(double value, Hint hint) {
  switch (hint) {
    case Hint::duration_us:
      return fmt::format("{:.2f}", value);
    case Hint::ratio:
      return fmt::format("{:.2f}x", value);
    case Hint::time_ratio:
      return fmt::format("{:.3f}", value);
    case Hint::bandwidth_gbps:
      return fmt::format("{:.1f}", value);
    case Hint::share:
      return fmt::format("{:.1f}%", value * 100.0);
    case Hint::megabytes:
      return fmt::format("{:.2f}", value / 1e6);
    case Hint::clock_mhz:
      return fmt::format("{:.0f}", value);
  }
  return fmt::format("{}", value);
}

}  // namespace mhc::report
