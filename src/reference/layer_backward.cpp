#include <algorithm>
#include <stdexcept>

#include "core/layer_tensors.hpp"
#include "reference/coefficients.hpp"
#include "reference/layer_stages.hpp"
#include "reference/post_mix.hpp"
#include "reference/pre_aggregate.hpp"
#include "reference/rms_norm.hpp"

namespace mhc {

void backward_post(LayerValues& v) {
  const Shape& s = v.problem.shape;
  const int64_t n = s.streams, width = s.streams * s.hidden;
  for (int64_t b = 0; b < s.tokens; ++b) {
    const int64_t t = coefficient_row(v.problem, b);
    const PostInputs in{row_span(v[Tensor::x], b, width), row_span(v[Tensor::f], b, s.hidden),
                        row_span(v[Tensor::h_post], t, n), row_span(v[Tensor::h_res], t, n * n)};
    const PostGradients grads{
        row_span(v[Tensor::d_x], b, width), row_span(v[Tensor::d_f], b, s.hidden),
        row_span(v[Tensor::d_h_post], t, n), row_span(v[Tensor::d_h_res], t, n * n)};
    post_backward(in, v.problem.convention, row_span(v[Tensor::d_x_next], b, width), grads);
  }
}

void backward_rms_norm(LayerValues& v) {
  const Shape& s = v.problem.shape;
  for (int64_t b = 0; b < s.tokens; ++b)
    rms_norm_backward(row_span(v[Tensor::x_in], b, s.hidden), v[Tensor::rms_weight],
                      v.problem.constants.rms_eps, row_span(v[Tensor::d_f], b, s.hidden),
                      row_span(v[Tensor::d_x_in], b, s.hidden), v[Tensor::d_rms_weight]);
}

void backward_pre_aggregate(LayerValues& v) {
  const Shape& s = v.problem.shape;
  for (int64_t b = 0; b < s.tokens; ++b)
    pre_aggregate_backward(row_span(v[Tensor::x], b, s.streams * s.hidden),
                           row_span(v[Tensor::h_pre], coefficient_row(v.problem, b), s.streams),
                           row_span(v[Tensor::d_x_in], b, s.hidden),
                           row_span(v[Tensor::d_x], b, s.streams * s.hidden),
                           row_span(v[Tensor::d_h_pre], coefficient_row(v.problem, b), s.streams));
}

void backward_coefficients(LayerValues& v) {
  const Problem& p = v.problem;
  const int64_t n = p.shape.streams, m = mixing_logits(n);
  const bool dynamic = p.path == HPath::dynamic_h;
  const int64_t rows = dynamic ? p.shape.tokens : 1;
  std::vector<double> d_logits(m);
  for (int64_t t = 0; t < rows; ++t) {
    const std::vector<double> logits = coefficient_logits(v, t);
    const CoefficientGradients grads{row_span(v[Tensor::d_h_pre], t, n),
                                     row_span(v[Tensor::d_h_post], t, n),
                                     row_span(v[Tensor::d_h_res], t, n * n)};
    coefficients_backward(logits, n, p.convention, p.constants, grads, d_logits);
    if (!dynamic) {
      for (int64_t j = 0; j < m; ++j) v[Tensor::d_h_static][j] += d_logits[j];
      continue;
    }
    ProjectionGradients projection_grads{row_span(v[Tensor::d_proj], t, m), 0.0, v[Tensor::d_alpha],
                                         v[Tensor::d_bias]};
    logits_from_projection_backward(row_span(v[Tensor::proj], t, m), v[Tensor::sumsq][t],
                                    projection_params(v), d_logits, projection_grads);
    v[Tensor::d_sumsq][t] += projection_grads.d_sumsq;
  }
}

void backward_projection(LayerValues& v) {
  if (v.problem.path != HPath::dynamic_h) return;
  const Shape& s = v.problem.shape;
  const int64_t width = s.streams * s.hidden, m = mixing_logits(s.streams);
  for (int64_t first = 0; first < s.tokens; first += kProjectionTokensPerPass) {
    const int64_t count = std::min(kProjectionTokensPerPass, s.tokens - first);
    project_tokens_backward(row_span(v[Tensor::x], first, width, count), projection_params(v),
                            row_span(v[Tensor::d_proj], first, m, count),
                            row_span(v[Tensor::d_sumsq], first, 1, count),
                            row_span(v[Tensor::d_x], first, width, count), v[Tensor::d_phi]);
  }
}

void reference_backward(LayerValues& v) {
  if (v.problem.direction != Direction::backward)
    throw std::invalid_argument("reference_backward needs a backward problem (d_* tensors)");
  require_layer_shapes(v);
  for (int i = 0; i < kTensorCount; ++i) {
    const auto tensor = static_cast<Tensor>(i);
    if (tensor != Tensor::d_x_next && tensor_name(tensor).starts_with("d_"))
      std::fill(v[tensor].begin(), v[tensor].end(), 0.0);
  }
  backward_post(v);
  backward_rms_norm(v);
  backward_pre_aggregate(v);
  backward_coefficients(v);
  backward_projection(v);
}

}  // namespace mhc
