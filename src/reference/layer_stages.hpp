#pragma once
// The reference layer as stages over LayerValues, in data-flow order. Each stage reads only tensors
// that earlier stages (or the inputs) hold, so a stage can be rerun from values a kernel produced,
// and a test can perturb any intermediate tensor and rerun the stages after it.
// Backward stages accumulate (+=) into d_* tensors; reference_backward zeroes them first.
#include <cstdint>
#include <vector>

#include "reference/dynamic_projection.hpp"
#include "reference/layer_values.hpp"

namespace mhc {

// Forward
void forward_projection(LayerValues& v);     // dynamic: proj, sumsq (static: nothing)
void forward_coefficients(LayerValues& v);   // h_pre, h_post, h_res from proj, sumsq / h_static
void forward_pre_aggregate(LayerValues& v);  // x_in
void forward_rms_norm(LayerValues& v);       // f
void forward_post(LayerValues& v);           // x_next

// Backward, in the order they run
void backward_post(LayerValues& v);           // d_f, d_h_post, d_h_res, d_x (mixing part)
void backward_rms_norm(LayerValues& v);       // d_x_in, d_rms_weight
void backward_pre_aggregate(LayerValues& v);  // d_h_pre, d_x (aggregation part)
void backward_coefficients(LayerValues& v);   // dynamic: d_proj, d_sumsq, d_alpha, d_bias;
                                              // static: d_h_static
void backward_projection(LayerValues& v);     // dynamic: d_phi, d_x (projection and RMS part)

// Shared by the stages
// Tokens per call of project_tokens: phi is streamed once per pass, and 32 tokens' projections
// (at most 32 x 1088 doubles, n = 32) stay in cache.
constexpr int64_t kProjectionTokensPerPass = 32;
int64_t coefficient_row(const Problem& problem, int64_t token);  // token (dynamic) or 0 (static)
ProjectionParams projection_params(const LayerValues& v);        // views into phi, alpha, bias
// The m pre-activation logits of one coefficient row: h_static (static), or recomputed from proj
// and sumsq with alpha and bias (dynamic).
std::vector<double> coefficient_logits(const LayerValues& v, int64_t row);

}  // namespace mhc
