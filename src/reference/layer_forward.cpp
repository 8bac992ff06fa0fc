#include <algorithm>

#include "core/layer_tensors.hpp"
#include "reference/coefficients.hpp"
#include "reference/dynamic_projection.hpp"
#include "reference/layer_stages.hpp"
#include "reference/post_mix.hpp"
#include "reference/pre_aggregate.hpp"
#include "reference/rms_norm.hpp"

namespace mhc {

namespace {
bool is_dynamic(const LayerValues& v) {
  return v.problem.path == HPath::dynamic_h;
}
}  // namespace

int64_t coefficient_row(const Problem& problem, int64_t token) {
  return problem.path == HPath::dynamic_h ? token : 0;
}

ProjectionParams projection_params(const LayerValues& v) {
  const Problem& p = v.problem;
  return {v[Tensor::phi],  v[Tensor::alpha], v[Tensor::bias],
          p.shape.streams, p.shape.hidden,   p.constants.rms_eps};
}

void forward_projection(LayerValues& v) {
  if (!is_dynamic(v)) return;
  const Shape& s = v.problem.shape;
  const int64_t width = s.streams * s.hidden, m = mixing_logits(s.streams);
  for (int64_t first = 0; first < s.tokens; first += kProjectionTokensPerPass) {
    const int64_t count = std::min(kProjectionTokensPerPass, s.tokens - first);
    project_tokens(row_span(v[Tensor::x], first, width, count), projection_params(v),
                   row_span(v[Tensor::proj], first, m, count),
                   row_span(v[Tensor::sumsq], first, 1, count));
  }
}

std::vector<double> coefficient_logits(const LayerValues& v, int64_t row) {
  if (!is_dynamic(v)) return v[Tensor::h_static];
  const int64_t m = mixing_logits(v.problem.shape.streams);
  std::vector<double> logits(m);
  logits_from_projection(row_span(v[Tensor::proj], row, m), v[Tensor::sumsq][row],
                         projection_params(v), logits);
  return logits;
}

void forward_coefficients(LayerValues& v) {
  const Problem& p = v.problem;
  const int64_t n = p.shape.streams;
  const int64_t rows = is_dynamic(v) ? p.shape.tokens : 1;
  for (int64_t t = 0; t < rows; ++t) {
    const CoefficientsOut out{row_span(v[Tensor::h_pre], t, n), row_span(v[Tensor::h_post], t, n),
                              row_span(v[Tensor::h_res], t, n * n)};
    coefficients_forward(coefficient_logits(v, t), n, p.convention, p.constants, out);
  }
}

void forward_pre_aggregate(LayerValues& v) {
  const Shape& s = v.problem.shape;
  for (int64_t b = 0; b < s.tokens; ++b) {
    const int64_t t = coefficient_row(v.problem, b);
    pre_aggregate_forward(row_span(v[Tensor::x], b, s.streams * s.hidden),
                          row_span(v[Tensor::h_pre], t, s.streams),
                          row_span(v[Tensor::x_in], b, s.hidden));
  }
}

void forward_rms_norm(LayerValues& v) {
  const Shape& s = v.problem.shape;
  for (int64_t b = 0; b < s.tokens; ++b)
    rms_norm_forward(row_span(v[Tensor::x_in], b, s.hidden), v[Tensor::rms_weight],
                     v.problem.constants.rms_eps, row_span(v[Tensor::f], b, s.hidden));
}

void forward_post(LayerValues& v) {
  const Shape& s = v.problem.shape;
  const int64_t n = s.streams, width = s.streams * s.hidden;
  for (int64_t b = 0; b < s.tokens; ++b) {
    const int64_t t = coefficient_row(v.problem, b);
    const PostInputs in{row_span(v[Tensor::x], b, width), row_span(v[Tensor::f], b, s.hidden),
                        row_span(v[Tensor::h_post], t, n), row_span(v[Tensor::h_res], t, n * n)};
    post_forward(in, v.problem.convention, row_span(v[Tensor::x_next], b, width));
  }
}

void reference_forward(LayerValues& v) {
  require_layer_shapes(v);
  forward_projection(v);
  forward_coefficients(v);
  forward_pre_aggregate(v);
  forward_rms_norm(v);
  forward_post(v);
}

}  // namespace mhc
