#pragma once
// How the human-readable printers (markdown, SVG) write each kind of number: the printers format by
// hint, as nvbench's do, so one kind of number looks the same everywhere. CSV and JSON write full
// precision instead.
#include <string>

namespace mhc::report {

enum class Hint {
  duration_us,     // "20.00" (microseconds)
  ratio,           // "5.00x" (a speedup or gain: how many times faster)
  time_ratio,      // "0.952" (this / other)
  bandwidth_gbps,  // "524.3" (GB/s, 1e9 bytes per second)
  share,           // "17.5%" (a fraction, shown as a percentage)
  megabytes,       // "10.49" (1e6 bytes)
  clock_mhz,       // "1980"
};

std::string format_number(double value, Hint hint);

}  // namespace mhc::report
