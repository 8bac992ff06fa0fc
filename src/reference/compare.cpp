#include "reference/compare.hpp"

#include <fmt/format.h>

#include <cmath>
#include <limits>
#include <stdexcept>
#include <utility>

namespace mhc {

ErrorStats compare_values(std::span<const double> expected, std::span<const double> actual) {
  if (expected.size() != actual.size())
    throw std::invalid_argument(fmt::format("compare_values: {} expected values but {} actual",
                                            expected.size(), actual.size()));
  ErrorStats stats;
  stats.count = static_cast<int64_t>(expected.size());
  double diff_sq = 0.0, expected_sq = 0.0;
  for (int64_t i = 0; i < stats.count; ++i) {
    const double e = expected[i], a = actual[i];
    if (!std::isfinite(e) || !std::isfinite(a)) {
      if (stats.non_finite++ == 0) {
        stats.worst_index = i;
        stats.worst_expected = e;
        stats.worst_actual = a;
      }
      continue;
    }
    const double error = std::fabs(a - e);
    diff_sq += error * error;
    expected_sq += e * e;
    if (stats.non_finite == 0 && (stats.worst_index < 0 || error > stats.max_abs_error)) {
      stats.max_abs_error = error;
      stats.worst_index = i;
      stats.worst_expected = e;
      stats.worst_actual = a;
    }
  }
  constexpr double kInf = std::numeric_limits<double>::infinity();
  if (stats.non_finite > 0) {
    stats.rel_norm_error = stats.max_abs_error = kInf;
  } else if (expected_sq > 0.0) {
    stats.rel_norm_error = std::sqrt(diff_sq / expected_sq);
  } else {
    stats.rel_norm_error = diff_sq > 0.0 ? kInf : 0.0;
  }
  return stats;
}

std::string to_string(const ErrorStats& s) {
  return fmt::format(
      "rel_norm_error {:.3e}, max_abs_error {:.3e} at [{}] (expected {:.9g}, actual {:.9g}), "
      "{} non-finite of {}",
      s.rel_norm_error, s.max_abs_error, s.worst_index, s.worst_expected, s.worst_actual,
      s.non_finite, s.count);
}

namespace {

InvariantReport violation(std::string detail) {
  return {false, std::move(detail)};
}

// The first value outside [low, high] (or non-finite), by tensor name and flat index.
InvariantReport check_range(const LayerValues& v, Tensor tensor, double low, double high) {
  const auto& values = v[tensor];
  for (size_t i = 0; i < values.size(); ++i)
    if (!(values[i] >= low && values[i] <= high))  // also false for NaN
      return violation(fmt::format("{}[{}] = {:.9g} outside [{:.9g}, {:.9g}]", tensor_name(tensor),
                                   i, values[i], low, high));
  return {};
}

}  // namespace

InvariantReport check_doubly_stochastic(std::span<const double> h_res, int64_t rows, int64_t n,
                                        double bound) {
  if (static_cast<int64_t>(h_res.size()) != rows * n * n)
    throw std::invalid_argument(fmt::format("check_doubly_stochastic: {} values, not {} x {} x {}",
                                            h_res.size(), rows, n, n));
  for (int64_t t = 0; t < rows; ++t) {
    const auto m = h_res.subspan(t * n * n, n * n);
    for (int64_t i = 0; i < n * n; ++i)
      if (!(m[i] >= 0.0) || !std::isfinite(m[i]))
        return violation(
            fmt::format("matrix {}: entry ({}, {}) = {:.9g} is not a finite value >= 0", t, i / n,
                        i % n, m[i]));
    for (int64_t line = 0; line < n; ++line) {
      double row_sum = 0.0, column_sum = 0.0;
      for (int64_t k = 0; k < n; ++k) {
        row_sum += m[line * n + k];
        column_sum += m[k * n + line];
      }
      if (std::fabs(row_sum - 1.0) > bound)
        return violation(fmt::format("matrix {}: row {} sums to {:.12g} (bound {:.1e})", t, line,
                                     row_sum, bound));
      if (std::fabs(column_sum - 1.0) > bound)
        return violation(fmt::format("matrix {}: column {} sums to {:.12g} (bound {:.1e})", t, line,
                                     column_sum, bound));
    }
  }
  return {};
}

InvariantReport check_coefficient_ranges(const LayerValues& v) {
  const MhcConstants& c = v.problem.constants;
  const InvariantReport pre = check_range(v, Tensor::h_pre, c.pre_eps, 1.0 + c.pre_eps);
  if (!pre.ok) return pre;
  return check_range(v, Tensor::h_post, 0.0, c.post_mult);
}

}  // namespace mhc
