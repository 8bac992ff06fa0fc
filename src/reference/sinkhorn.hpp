#pragma once
// Sinkhorn-Knopp: from an n x n logit matrix to a (nearly) doubly stochastic H_res, in both
// conventions of MATH.md, and its backward by differentiating the unrolled iterations.
//   paper:      M = exp(L); t_max times: rows /= (row sum + eps), then columns /= (col sum + eps)
//   production: M = row_softmax(L) + eps; columns /= (col sum + eps); then t_max - 1 times rows,
//               then columns, as above
// With eps = 0 the two agree (a row softmax is exp followed by a row normalisation).
#include <cstdint>
#include <span>
#include <vector>

#include "core/problem.hpp"

namespace mhc {

struct SinkhornSettings {
  Convention convention = Convention::paper;
  int iterations = 20;  // t_max
  double eps = 1e-5;    // in every denominator (and, production, added after the softmax)
};

// logits and the result are row-major n x n.
std::vector<double> sinkhorn_forward(std::span<const double> logits, int64_t n,
                                     const SinkhornSettings& settings);

// The gradient w.r.t. the logits, given the gradient w.r.t. H_res. The iterates are recomputed from
// the logits (cheap, n x n each) rather than saved by the forward.
std::vector<double> sinkhorn_backward(std::span<const double> logits,
                                      std::span<const double> d_h_res, int64_t n,
                                      const SinkhornSettings& settings);

}  // namespace mhc
