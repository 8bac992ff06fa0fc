#include "reference/pre_aggregate.hpp"

#include <algorithm>

namespace mhc {

void pre_aggregate_forward(std::span<const double> x_token, std::span<const double> h_pre,
                           std::span<double> x_in) {
  const size_t hidden = x_in.size();
  std::fill(x_in.begin(), x_in.end(), 0.0);
  for (size_t i = 0; i < h_pre.size(); ++i)
    for (size_t c = 0; c < hidden; ++c) x_in[c] += h_pre[i] * x_token[i * hidden + c];
}

void pre_aggregate_backward(std::span<const double> x_token, std::span<const double> h_pre,
                            std::span<const double> d_x_in, std::span<double> d_x_token,
                            std::span<double> d_h_pre) {
  const size_t hidden = d_x_in.size();
  for (size_t i = 0; i < h_pre.size(); ++i) {
    double dot = 0.0;
    for (size_t c = 0; c < hidden; ++c) {
      d_x_token[i * hidden + c] += h_pre[i] * d_x_in[c];
      dot += d_x_in[c] * x_token[i * hidden + c];
    }
    d_h_pre[i] += dot;
  }
}

}  // namespace mhc
