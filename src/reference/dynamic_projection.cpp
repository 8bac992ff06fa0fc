#include "reference/dynamic_projection.hpp"

#include <algorithm>
#include <cmath>

#include "core/layer_tensors.hpp"

namespace mhc {

namespace {
double rms_of(double sumsq, const ProjectionParams& p) {
  return std::sqrt(sumsq / static_cast<double>(p.streams * p.hidden) + p.rms_eps);
}
}  // namespace

int logit_group(int64_t j, int64_t streams) {
  return j < streams ? 0 : j < 2 * streams ? 1 : 2;
}

void project_tokens(std::span<const double> x_tokens, const ProjectionParams& params,
                    std::span<double> proj, std::span<double> sumsq) {
  const int64_t width = params.streams * params.hidden, m = mixing_logits(params.streams);
  const int64_t tokens = static_cast<int64_t>(sumsq.size());
  for (int64_t t = 0; t < tokens; ++t) {
    sumsq[t] = 0.0;
    for (int64_t k = 0; k < width; ++k)
      sumsq[t] += x_tokens[t * width + k] * x_tokens[t * width + k];
  }
  std::fill(proj.begin(), proj.end(), 0.0);
  for (int64_t k = 0; k < width; ++k) {  // phi row by row: each row is read once for all tokens
    const double* phi_row = params.phi.data() + k * m;
    for (int64_t t = 0; t < tokens; ++t) {
      const double xk = x_tokens[t * width + k];
      double* proj_t = proj.data() + t * m;
      for (int64_t j = 0; j < m; ++j) proj_t[j] += xk * phi_row[j];
    }
  }
}

void logits_from_projection(std::span<const double> proj, double sumsq,
                            const ProjectionParams& params, std::span<double> logits) {
  const double r = rms_of(sumsq, params);
  for (size_t j = 0; j < proj.size(); ++j)
    logits[j] = params.alpha[logit_group(j, params.streams)] * proj[j] / r + params.bias[j];
}

// With r = sqrt(sumsq / K + eps): d_proj_j = alpha_g d_a_j / r, and through r,
// d_r = -sum_j alpha_g d_a_j proj_j / r^2, d_sumsq = d_r / (2 r K).
void logits_from_projection_backward(std::span<const double> proj, double sumsq,
                                     const ProjectionParams& params,
                                     std::span<const double> d_logits, ProjectionGradients& grads) {
  const double r = rms_of(sumsq, params);
  double d_r = 0.0;
  for (size_t j = 0; j < proj.size(); ++j) {
    const int g = logit_group(j, params.streams);
    grads.d_bias[j] += d_logits[j];
    grads.d_alpha[g] += d_logits[j] * proj[j] / r;
    grads.d_proj[j] += params.alpha[g] * d_logits[j] / r;
    d_r -= params.alpha[g] * d_logits[j] * proj[j] / (r * r);
  }
  grads.d_sumsq += d_r / (2.0 * r * static_cast<double>(params.streams * params.hidden));
}

void project_tokens_backward(std::span<const double> x_tokens, const ProjectionParams& params,
                             std::span<const double> d_proj, std::span<const double> d_sumsq,
                             std::span<double> d_x_tokens, std::span<double> d_phi) {
  const int64_t width = params.streams * params.hidden, m = mixing_logits(params.streams);
  const int64_t tokens = static_cast<int64_t>(d_sumsq.size());
  for (int64_t k = 0; k < width; ++k) {
    const double* phi_row = params.phi.data() + k * m;
    double* d_phi_row = d_phi.data() + k * m;
    for (int64_t t = 0; t < tokens; ++t) {
      const double xk = x_tokens[t * width + k];
      const double* d_proj_t = d_proj.data() + t * m;
      double d_xk = 2.0 * xk * d_sumsq[t];
      for (int64_t j = 0; j < m; ++j) {
        d_xk += phi_row[j] * d_proj_t[j];
        d_phi_row[j] += xk * d_proj_t[j];
      }
      d_x_tokens[t * width + k] += d_xk;
    }
  }
}

}  // namespace mhc
