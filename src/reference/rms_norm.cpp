#include "reference/rms_norm.hpp"

#include <cmath>

namespace mhc {

namespace {
double root_mean_square(std::span<const double> values, double eps) {
  double sumsq = 0.0;
  for (const double v : values) sumsq += v * v;
  return std::sqrt(sumsq / static_cast<double>(values.size()) + eps);
}
}  // namespace

void rms_norm_forward(std::span<const double> x_in, std::span<const double> weight, double eps,
                      std::span<double> f) {
  const double rr = root_mean_square(x_in, eps);
  for (size_t c = 0; c < x_in.size(); ++c) f[c] = x_in[c] / rr * weight[c];
}

void rms_norm_backward(std::span<const double> x_in, std::span<const double> weight, double eps,
                       std::span<const double> d_f, std::span<double> d_x_in,
                       std::span<double> d_weight) {
  const double rr = root_mean_square(x_in, eps);
  double mean_gy = 0.0;
  for (size_t c = 0; c < x_in.size(); ++c) mean_gy += d_f[c] * weight[c] * (x_in[c] / rr);
  mean_gy /= static_cast<double>(x_in.size());
  for (size_t c = 0; c < x_in.size(); ++c) {
    const double y = x_in[c] / rr;
    d_x_in[c] += (d_f[c] * weight[c] - y * mean_gy) / rr;
    d_weight[c] += d_f[c] * y;
  }
}

}  // namespace mhc
