#include "reference/sinkhorn.hpp"

#include <algorithm>
#include <cmath>

namespace mhc {

namespace {

using Matrix = std::vector<double>;  // row-major n x n

enum class Axis { rows, columns };

// Index of element k of line l: along a row when normalising rows, down a column otherwise.
int64_t at(Axis axis, int64_t n, int64_t line, int64_t k) {
  return axis == Axis::rows ? line * n + k : k * n + line;
}

// The sequence of normalisations after the starting matrix.
std::vector<Axis> normalisation_steps(const SinkhornSettings& s) {
  std::vector<Axis> steps;
  if (s.convention == Convention::production) steps.push_back(Axis::columns);
  const int pairs = s.convention == Convention::production ? s.iterations - 1 : s.iterations;
  for (int t = 0; t < pairs; ++t) {
    steps.push_back(Axis::rows);
    steps.push_back(Axis::columns);
  }
  return steps;
}

// paper: exp(L); production: the row softmax of L (shifted by the row max for range) plus eps.
Matrix starting_matrix(std::span<const double> logits, int64_t n, const SinkhornSettings& s) {
  Matrix m(logits.begin(), logits.end());
  if (s.convention == Convention::paper) {
    for (auto& value : m) value = std::exp(value);
    return m;
  }
  for (int64_t i = 0; i < n; ++i) {
    const auto row = std::span<double>(m).subspan(i * n, n);
    const double row_max = *std::max_element(row.begin(), row.end());
    double sum = 0.0;
    for (auto& value : row) sum += (value = std::exp(value - row_max));
    for (auto& value : row) value = value / sum + s.eps;
  }
  return m;
}

// Y = X with every line (row or column) divided by its sum + eps.
Matrix normalise(const Matrix& x, int64_t n, Axis axis, double eps) {
  Matrix y(x.size());
  for (int64_t line = 0; line < n; ++line) {
    double sum = eps;
    for (int64_t k = 0; k < n; ++k) sum += x[at(axis, n, line, k)];
    for (int64_t k = 0; k < n; ++k) y[at(axis, n, line, k)] = x[at(axis, n, line, k)] / sum;
  }
  return y;
}

// With s = sum_k X_k + eps and Y_k = X_k / s:  dX_j = dY_j / s - (sum_k dY_k X_k) / s^2.
Matrix normalise_backward(const Matrix& x, const Matrix& d_y, int64_t n, Axis axis, double eps) {
  Matrix d_x(x.size());
  for (int64_t line = 0; line < n; ++line) {
    double sum = eps, dot = 0.0;
    for (int64_t k = 0; k < n; ++k) {
      sum += x[at(axis, n, line, k)];
      dot += d_y[at(axis, n, line, k)] * x[at(axis, n, line, k)];
    }
    for (int64_t k = 0; k < n; ++k) {
      const int64_t i = at(axis, n, line, k);
      d_x[i] = d_y[i] / sum - dot / (sum * sum);
    }
  }
  return d_x;
}

// paper: d(exp L) = exp(L) dL. production: for P the row softmax, dL_ij = P_ij (dP_ij - sum_k dP_ik
// P_ik); the added eps is a constant.
Matrix starting_matrix_backward(const Matrix& start, const Matrix& d_start, int64_t n,
                                const SinkhornSettings& s) {
  Matrix d_logits(start.size());
  if (s.convention == Convention::paper) {
    for (size_t i = 0; i < start.size(); ++i) d_logits[i] = d_start[i] * start[i];
    return d_logits;
  }
  for (int64_t i = 0; i < n; ++i) {
    double dot = 0.0;
    for (int64_t k = 0; k < n; ++k) dot += d_start[i * n + k] * (start[i * n + k] - s.eps);
    for (int64_t k = 0; k < n; ++k)
      d_logits[i * n + k] = (start[i * n + k] - s.eps) * (d_start[i * n + k] - dot);
  }
  return d_logits;
}

}  // namespace

std::vector<double> sinkhorn_forward(std::span<const double> logits, int64_t n,
                                     const SinkhornSettings& settings) {
  Matrix m = starting_matrix(logits, n, settings);
  for (const Axis axis : normalisation_steps(settings)) m = normalise(m, n, axis, settings.eps);
  return m;
}

std::vector<double> sinkhorn_backward(std::span<const double> logits,
                                      std::span<const double> d_h_res, int64_t n,
                                      const SinkhornSettings& settings) {
  const std::vector<Axis> steps = normalisation_steps(settings);
  // iterates[k] is the input of step k; the last one is the output.
  std::vector<Matrix> iterates{starting_matrix(logits, n, settings)};
  for (const Axis axis : steps)
    iterates.push_back(normalise(iterates.back(), n, axis, settings.eps));

  Matrix d(d_h_res.begin(), d_h_res.end());
  for (size_t k = steps.size(); k-- > 0;)
    d = normalise_backward(iterates[k], d, n, steps[k], settings.eps);
  return starting_matrix_backward(iterates.front(), d, n, settings);
}

}  // namespace mhc
