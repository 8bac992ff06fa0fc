#include "reference/coefficients.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

namespace mhc {

namespace {
double sigmoid(double z) {
  return 1.0 / (1.0 + std::exp(-z));
}
}  // namespace

SinkhornSettings sinkhorn_settings(Convention convention, const MhcConstants& constants) {
  return {convention, constants.sinkhorn_iters, constants.sinkhorn_eps};
}

void coefficients_forward(std::span<const double> logits, int64_t n, Convention convention,
                          const MhcConstants& constants, const CoefficientsOut& out) {
  for (int64_t i = 0; i < n; ++i) {
    out.h_pre[i] = sigmoid(logits[i]) + constants.pre_eps;
    out.h_post[i] = constants.post_mult * sigmoid(logits[n + i]);
  }
  const std::vector<double> h_res =
      sinkhorn_forward(logits.subspan(2 * n, n * n), n, sinkhorn_settings(convention, constants));
  std::copy(h_res.begin(), h_res.end(), out.h_res.begin());
}

void coefficients_backward(std::span<const double> logits, int64_t n, Convention convention,
                           const MhcConstants& constants, const CoefficientGradients& grads,
                           std::span<double> d_logits) {
  for (int64_t i = 0; i < n; ++i) {  // sigmoid' = s (1 - s)
    const double s_pre = sigmoid(logits[i]);
    const double s_post = sigmoid(logits[n + i]);
    d_logits[i] = grads.d_h_pre[i] * s_pre * (1.0 - s_pre);
    d_logits[n + i] = grads.d_h_post[i] * constants.post_mult * s_post * (1.0 - s_post);
  }
  const std::vector<double> d_res = sinkhorn_backward(logits.subspan(2 * n, n * n), grads.d_h_res,
                                                      n, sinkhorn_settings(convention, constants));
  std::copy(d_res.begin(), d_res.end(), d_logits.begin() + 2 * n);
}

}  // namespace mhc
