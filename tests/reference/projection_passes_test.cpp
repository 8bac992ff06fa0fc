// The layer stages project tokens in passes of kProjectionTokensPerPass (phi is streamed once per
// pass); the result must not depend on how tokens are grouped.
#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

#include "reference/compare.hpp"
#include "reference/dynamic_projection.hpp"
#include "reference/layer_stages.hpp"

namespace mhc {
namespace {

TEST(ProjectionPasses, EqualOneTokenAtATime) {
  Problem p;
  p.direction = Direction::backward;
  p.shape = {2 * kProjectionTokensPerPass + 5, 3, 4};  // two full passes and a partial one
  LayerValues v = make_random_layer(p, 31);
  reference_forward(v);
  reference_backward(v);

  const int64_t width = p.shape.streams * p.shape.hidden, m = mixing_logits(p.shape.streams);
  const ProjectionParams params = projection_params(v);
  std::vector<double> proj(v[Tensor::proj].size()), sumsq(p.shape.tokens);
  std::vector<double> d_x(v[Tensor::x].size()), d_phi(v[Tensor::phi].size());
  for (int64_t b = 0; b < p.shape.tokens; ++b) {
    project_tokens(row_span(v[Tensor::x], b, width), params, row_span(proj, b, m),
                   row_span(sumsq, b, 1));
    project_tokens_backward(row_span(v[Tensor::x], b, width), params,
                            row_span(v[Tensor::d_proj], b, m), row_span(v[Tensor::d_sumsq], b, 1),
                            row_span(d_x, b, width), d_phi);
  }
  EXPECT_LT(compare_values(v[Tensor::proj], proj).rel_norm_error, 1e-14);
  EXPECT_LT(compare_values(v[Tensor::sumsq], sumsq).rel_norm_error, 1e-14);
  EXPECT_LT(compare_values(v[Tensor::d_phi], d_phi).rel_norm_error, 1e-14);
  // The layer's d_x also holds the pre and post paths; d_x here only the projection's share.
  LayerValues projection_only = v;
  std::fill(projection_only[Tensor::d_x].begin(), projection_only[Tensor::d_x].end(), 0.0);
  std::fill(projection_only[Tensor::d_phi].begin(), projection_only[Tensor::d_phi].end(), 0.0);
  backward_projection(projection_only);
  EXPECT_LT(compare_values(projection_only[Tensor::d_x], d_x).rel_norm_error, 1e-14);
}

}  // namespace
}  // namespace mhc
