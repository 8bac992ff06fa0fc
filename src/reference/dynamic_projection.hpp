#pragma once
// Dynamic path, one token: the pre-activation logits of the mixing coefficients from the token's
// n*C residual values x. Following the paper's reordering, the projection runs on the raw x and the
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
  double rms_eps = 0.0;
};

struct TokenProjection {  // what one pass over x gives
  std::span<double> proj;  // [m]
  double sumsq = 0.0;
};

// Which alpha scales logit j: 0 pre, 1 post, 2 res.
int logit_group(int64_t j, int64_t streams);

// proj (written into out) and the returned sum of squares of x_token.
double project_token(std::span<const double> x_token, const ProjectionParams& params,
                     std::span<double> proj);

// a (written) from proj and sumsq.
void logits_from_projection(std::span<const double> proj, double sumsq,
                            const ProjectionParams& params, std::span<double> logits);

struct ProjectionGradients {  // accumulated (+=) by the backward functions
  std::span<double> d_proj;   // [m] (overwritten)
  double d_sumsq = 0.0;       // (overwritten)
  std::span<double> d_alpha;  // [3]
  std::span<double> d_bias;   // [m]
};

// Backward of logits_from_projection: d_proj, d_sumsq from d_logits; d_alpha, d_bias accumulate.
void logits_from_projection_backward(std::span<const double> proj, double sumsq,
                                     const ProjectionParams& params,
                                     std::span<const double> d_logits, ProjectionGradients& grads);

// Backward of project_token: d_x_token += phi d_proj + 2 x d_sumsq; d_phi += x^T d_proj.
void project_token_backward(std::span<const double> x_token, const ProjectionParams& params,
                            std::span<const double> d_proj, double d_sumsq,
                            std::span<double> d_x_token, std::span<double> d_phi);

}  // namespace mhc
