#pragma once
// SAME / FAST / SLOW / AMBG: whether one timing differs from another beyond their noise, in the
// style of nvbench's compare scripts. With d = a / b - 1 and each side's relative noise
// (stddev / mean, as stored):
//   SAME when |d| is within the smaller noise (nvbench's rule),
//   FAST (a is faster) or SLOW (a is slower) when |d| exceeds both noises added,
//   AMBG in between: the difference is larger than one noise but not clear of both.
#include <string_view>

namespace mhc::report {

enum class ChangeLabel { same, fast, slow, ambiguous };

std::string_view to_string(ChangeLabel label);  // "SAME", "FAST", "SLOW", "AMBG"

ChangeLabel classify_change(double a_us, double a_noise, double b_us, double b_noise);

}  // namespace mhc::report
