#pragma once
// Test helper: the check every backward is held to. Gradients from central finite differences of a
// scalar loss, compared with the analytic ones relative to the largest gradient of the tensor.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <functional>
#include <span>
#include <string_view>
#include <vector>

#include "reference/compare.hpp"

namespace mhc::testing {

// Every index when the tensor is small, else `max_probes` indices spread evenly over it (first and
// last included), so large tensors such as phi at n = 32 stay affordable.
inline std::vector<int64_t> probe_indices(int64_t size, int64_t max_probes = 160) {
  std::vector<int64_t> indices;
  if (size <= max_probes) {
    for (int64_t i = 0; i < size; ++i) indices.push_back(i);
    return indices;
  }
  for (int64_t k = 0; k < max_probes; ++k) indices.push_back(k * (size - 1) / (max_probes - 1));
  return indices;
}

// d loss / d values[i] for each probed i: (loss(v + h) - loss(v - h)) / 2h, h = 1e-5 (1 + |v|).
// The step balances truncation (h^2 times the third derivative) against rounding (1e-16 |loss| /
// h).
inline std::vector<double> central_differences(std::vector<double>& values,
                                               std::span<const int64_t> indices,
                                               const std::function<double()>& loss) {
  std::vector<double> gradient;
  for (const int64_t i : indices) {
    const double saved = values[i];
    const double h = 1e-5 * (1.0 + std::fabs(saved));
    values[i] = saved + h;
    const double up = loss();
    values[i] = saved - h;
    const double down = loss();
    values[i] = saved;
    gradient.push_back((up - down) / (2.0 * h));
  }
  return gradient;
}

inline std::vector<double> gather(std::span<const double> values,
                                  std::span<const int64_t> indices) {
  std::vector<double> picked;
  for (const int64_t i : indices) picked.push_back(values[i]);
  return picked;
}

// Passes when every entry agrees within `tolerance` times the tensor's largest gradient magnitude,
// plus 1e-9 absolute for tensors whose gradient is (nearly) zero. A gradient off by a factor, a
// sign or a missing term misses by far more (see FiniteDifference.CatchesAWrongGradient).
inline ::testing::AssertionResult gradients_match(std::span<const double> finite_difference,
                                                  std::span<const double> analytic,
                                                  std::string_view what, double tolerance = 1e-6) {
  const ErrorStats stats = compare_values(finite_difference, analytic);
  double scale = 0.0;
  for (const double g : finite_difference) scale = std::max(scale, std::fabs(g));
  const double allowed = tolerance * scale + 1e-9;
  if (stats.max_abs_error <= allowed) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure()
         << what << ": analytic vs finite differences: " << to_string(stats) << "; allowed "
         << allowed;
}

}  // namespace mhc::testing
