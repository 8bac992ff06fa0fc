#pragma once
// How far a kernel's output is from the reference, and whether coefficients satisfy mHC's
// invariants. Computation only: the verify stage decides tolerances and report formats.
#include <cstdint>
#include <span>
#include <string>

#include "reference/layer_values.hpp"
#include "reference/storage_rounding.hpp"

namespace mhc {

struct ErrorStats {
  double rel_norm_error = 0.0;  // ||actual - expected|| / ||expected|| (0 / 0 counts as 0)
  double max_abs_error = 0.0;
  int64_t worst_index = -1;  // where |actual - expected| is largest (first non-finite if any)
  double worst_expected = 0.0;
  double worst_actual = 0.0;
  int64_t non_finite = 0;  // entries where either side is NaN or infinite
  int64_t count = 0;
};

// Any non-finite entry makes both errors infinite: a NaN must never pass a tolerance.
// std::invalid_argument when the sizes differ.
ErrorStats compare_values(std::span<const double> expected, std::span<const double> actual);

std::string to_string(const ErrorStats& stats);  // one line, for logs and failure messages

struct InvariantReport {
  bool ok = true;
  std::string detail;  // names the first violation; empty when ok
};

// h_res holds `rows` row-major n x n matrices: every entry finite and >= 0, every row and column
// sum within `bound` of 1.
InvariantReport check_doubly_stochastic(std::span<const double> h_res, int64_t rows, int64_t n,
                                        double bound);

// h_pre in [pre_eps, 1 + pre_eps] and h_post in [0, post_mult] (the sigmoid's range, closed because
// it saturates in finite precision), all finite.
InvariantReport check_coefficient_ranges(const LayerValues& v);

}  // namespace mhc
