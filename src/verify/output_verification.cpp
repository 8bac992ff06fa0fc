#include "verify/output_verification.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace mhc {

namespace {

bool any_bf16(const std::vector<Tensor>& tensors, const Problem& problem) {
  return std::any_of(tensors.begin(), tensors.end(), [&](Tensor t) {
    return tensor_info(t, problem).storage == StorageType::bf16;
  });
}

int64_t count_out_of_bound(std::span<const double> expected, std::span<const double> actual,
                           double element_bound) {
  double sum_sq = 0.0;
  for (const double e : expected) sum_sq += e * e;
  const double rms = expected.empty() ? 0.0 : std::sqrt(sum_sq / expected.size());
  int64_t bad = 0;
  for (size_t i = 0; i < expected.size(); ++i) {
    const double diff = std::fabs(actual[i] - expected[i]);
    // `!(diff <= bound)` so a NaN counts as out of bound.
    if (!(diff <= element_bound * (std::fabs(expected[i]) + rms))) ++bad;
  }
  return bad;
}

// The reference's own distance from doubly stochastic, so the GPU is held to the same iteration.
double reference_sinkhorn_residual(std::span<const double> h, int64_t rows, int64_t n) {
  double worst = 0.0;
  for (int64_t r = 0; r < rows; ++r)
    for (int64_t i = 0; i < n; ++i) {
      double row = 0.0, col = 0.0;
      for (int64_t j = 0; j < n; ++j) {
        row += h[r * n * n + i * n + j];
        col += h[r * n * n + j * n + i];
      }
      worst = std::max({worst, std::fabs(row - 1.0), std::fabs(col - 1.0)});
    }
  return worst;
}

}  // namespace

VerificationResult verify_outputs(const LayerValues& expected,
                                  const std::vector<ProducedTensor>& produced,
                                  const std::vector<Tensor>& inputs, MathPrecision math) {
  const Problem& problem = expected.problem;
  VerificationResult result;
  result.passed = true;
  std::vector<Tensor> outputs;
  for (const auto& p : produced) outputs.push_back(p.tensor);
  const bool touches_bf16 = any_bf16(inputs, problem) || any_bf16(outputs, problem);

  for (const auto& p : produced) {
    TensorCheck check;
    check.tensor = p.tensor;
    const auto& want = expected[p.tensor];
    check.stats = compare_values(want, p.values);
    check.bound = tolerance_for(tensor_info(p.tensor, problem).storage, touches_bf16, math);
    check.elements_out_of_bound = count_out_of_bound(want, p.values, check.bound.element);
    check.passed = check.stats.non_finite == 0 &&
                   check.stats.rel_norm_error <= check.bound.rel_norm &&
                   check.elements_out_of_bound == 0;
    result.worst_rel_norm_error = std::max(result.worst_rel_norm_error, check.stats.rel_norm_error);
    result.worst_max_abs_error = std::max(result.worst_max_abs_error, check.stats.max_abs_error);
    if (!check.passed && result.passed) {
      result.passed = false;
      result.failure =
          fmt::format("{}: {} ({} elements out of bound; bounds: rel norm {:.0e}, element {:.0e})",
                      tensor_name(p.tensor), to_string(check.stats), check.elements_out_of_bound,
                      check.bound.rel_norm, check.bound.element);
    }
    if (p.tensor == Tensor::h_res && check.passed) {
      const int64_t n = problem.shape.streams;
      const int64_t rows = static_cast<int64_t>(p.values.size()) / (n * n);
      const double bound = reference_sinkhorn_residual(want, rows, n) + kDoublyStochasticSlack;
      const auto invariant = check_doubly_stochastic(p.values, rows, n, bound);
      if (!invariant.ok && result.passed) {
        result.passed = false;
        result.failure = "h_res is not doubly stochastic: " + invariant.detail;
      }
    }
    result.checks.push_back(std::move(check));
  }
  return result;
}

}  // namespace mhc
