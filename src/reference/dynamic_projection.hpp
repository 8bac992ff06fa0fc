#pragma once
// Dynamic path: the pre-activation logits of the mixing coefficients from a token's n*C residual
// values x. Following the paper's reordering, the projection runs on the raw x and the
// RMS scale is applied to its m = n*n + 2n outputs:
//   proj  = x @ phi                    (phi: [n*C, m], row-major)
//   sumsq = sum_k x_k^2,  r = sqrt(sumsq / (n*C) + rms_eps)
//   a_j   = alpha[group(j)] * proj_j / r + bias_j   (group 0: pre, 1: post, 2: res)
#include <cstdint>
#include <span>

namespace mhc {

struct ProjectionParams {
  std::span<const double> phi;    // [n*C, m]
  std::span<const double> alpha;  // [3]
  std::span<const double> bias;   // [m]
  int64_t streams = 0;            // n
  int64_t hidden = 0;             // C
  double rms_eps = 0.0;
};

// Which alpha scales logit j: 0 pre, 1 post, 2 res.
int logit_group(int64_t j, int64_t streams);

// proj [T, m] and sumsq [T] (written) of T tokens x_tokens [T, n*C]. Several tokens per call
// because phi is read once per call: at n = 32 it is hundreds of MB, and reading it once per token
// made the reference of (128, 1280, 32) take 10 s.
void project_tokens(std::span<const double> x_tokens, const ProjectionParams& params,
                    std::span<double> proj, std::span<double> sumsq);

// One token's logits a (written) from its proj and sumsq.
void logits_from_projection(std::span<const double> proj, double sumsq,
                            const ProjectionParams& params, std::span<double> logits);

struct ProjectionGradients {  // all accumulated (+=)
  std::span<double> d_proj;   // [m]
  double d_sumsq = 0.0;
  std::span<double> d_alpha;  // [3]
  std::span<double> d_bias;   // [m]
};

// Backward of logits_from_projection, given the gradient w.r.t. its logits.
void logits_from_projection_backward(std::span<const double> proj, double sumsq,
                                     const ProjectionParams& params,
                                     std::span<const double> d_logits, ProjectionGradients& grads);

// Backward of project_tokens for the same T tokens, accumulating:
// d_x[t, k] += sum_j phi[k, j] d_proj[t, j] + 2 x[t, k] d_sumsq[t];  d_phi[k, j] += sum_t x[t, k]
// d_proj[t, j].
void project_tokens_backward(std::span<const double> x_tokens, const ProjectionParams& params,
                             std::span<const double> d_proj, std::span<const double> d_sumsq,
                             std::span<double> d_x_tokens, std::span<double> d_phi);

}  // namespace mhc
