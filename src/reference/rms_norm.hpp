#pragma once
// F, the RMSNorm that stands in for the wrapped layer (attention or MLP), one token:
//   f[c] = x_in[c] / rr * weight[c],  rr = sqrt(mean_c x_in[c]^2 + eps).
#include <span>

namespace mhc {

void rms_norm_forward(std::span<const double> x_in, std::span<const double> weight, double eps,
                      std::span<double> f);

// With y = x_in / rr and g = d_f * weight:  d_x_in[c] += (g[c] - y[c] mean_k(g[k] y[k])) / rr;
// d_weight[c] += d_f[c] y[c].
void rms_norm_backward(std::span<const double> x_in, std::span<const double> weight, double eps,
                       std::span<const double> d_f, std::span<double> d_x_in,
                       std::span<double> d_weight);

}  // namespace mhc
