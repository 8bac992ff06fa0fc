#pragma once
// The mixing coefficients of one token (dynamic path) or of the layer (static path) from their
// m = n*n + 2n pre-activation logits, laid out [pre (n) | post (n) | res (n x n, row-major)]:
//   H_pre = sigmoid(pre) + pre_eps,  H_post = post_mult * sigmoid(post),  H_res = Sinkhorn(res).
// pre_eps is 0 in the paper convention's constants and post_mult is 2 (production: 1e-6 and 1).
#include <cstdint>
#include <span>

#include "core/problem.hpp"
#include "reference/sinkhorn.hpp"

namespace mhc {

SinkhornSettings sinkhorn_settings(Convention convention, const MhcConstants& constants);

struct CoefficientsOut {  // one row of h_pre [n], h_post [n], h_res [n*n]
  std::span<double> h_pre, h_post, h_res;
};
struct CoefficientGradients {  // one row of d_h_pre, d_h_post, d_h_res
  std::span<const double> d_h_pre, d_h_post, d_h_res;
};

void coefficients_forward(std::span<const double> logits, int64_t n, Convention convention,
                          const MhcConstants& constants, const CoefficientsOut& out);

// Writes the gradient w.r.t. the m logits into d_logits (overwritten, not accumulated).
void coefficients_backward(std::span<const double> logits, int64_t n, Convention convention,
                           const MhcConstants& constants, const CoefficientGradients& grads,
                           std::span<double> d_logits);

}  // namespace mhc
