// The whole layer's backward against central finite differences of its forward, for every input and
// every intermediate tensor that has a gradient, on both paths, in both conventions, over several
// shapes (n = 1, 2, 4, 8, 32; odd C). Loss: L = sum(d_x_next * x_next), so dL/dx_next = d_x_next.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <vector>

#include "finite_difference.hpp"
#include "reference/layer_stages.hpp"
#include "reference/layer_values.hpp"

namespace mhc {
namespace {

// The first forward stage a perturbed tensor feeds; the loss reruns the stages from there on.
enum class Stage { projection, coefficients, pre_aggregate, rms_norm, post };

void run_forward_from(LayerValues& v, Stage first) {
  const std::function<void(LayerValues&)> stages[] = {forward_projection, forward_coefficients,
                                                      forward_pre_aggregate, forward_rms_norm,
                                                      forward_post};
  for (int s = static_cast<int>(first); s < 5; ++s) stages[s](v);
}

double layer_loss(const LayerValues& v) {
  double loss = 0.0;
  for (size_t i = 0; i < v[Tensor::x_next].size(); ++i)
    loss += v[Tensor::d_x_next][i] * v[Tensor::x_next][i];
  return loss;
}

struct GradientOf {
  Tensor value, gradient;
  Stage feeds;
};
constexpr GradientOf kGradients[] = {
    {Tensor::x, Tensor::d_x, Stage::projection},
    {Tensor::phi, Tensor::d_phi, Stage::projection},
    {Tensor::alpha, Tensor::d_alpha, Stage::projection},
    {Tensor::bias, Tensor::d_bias, Stage::projection},
    {Tensor::h_static, Tensor::d_h_static, Stage::projection},
    {Tensor::rms_weight, Tensor::d_rms_weight, Stage::projection},
    {Tensor::proj, Tensor::d_proj, Stage::coefficients},
    {Tensor::sumsq, Tensor::d_sumsq, Stage::coefficients},
    {Tensor::h_pre, Tensor::d_h_pre, Stage::pre_aggregate},
    {Tensor::h_post, Tensor::d_h_post, Stage::pre_aggregate},
    {Tensor::h_res, Tensor::d_h_res, Stage::pre_aggregate},
    {Tensor::x_in, Tensor::d_x_in, Stage::rms_norm},
    {Tensor::f, Tensor::d_f, Stage::post},
};

struct GradientCase {
  HPath path;
  Convention convention;
  Shape shape;
  bool
      strong_projection;  // alpha ~ 1 and phi ~ 1/sqrt(nC): the projection moves the logits by O(1)
};

std::string case_name(const ::testing::TestParamInfo<GradientCase>& info) {
  const GradientCase& c = info.param;
  return fmt::format("{}_{}_B{}_C{}_n{}{}", to_string(c.path), to_string(c.convention),
                     c.shape.tokens, c.shape.hidden, c.shape.streams,
                     c.strong_projection ? "_strong" : "");
}

LayerValues make_case(const GradientCase& c) {
  Problem p;
  p.path = c.path;
  p.direction = Direction::backward;
  p.shape = c.shape;
  p.convention = c.convention;
  p.constants = default_constants(c.convention);
  LayerValues v = make_random_layer(p, 1234);
  if (c.strong_projection) {
    // With the default alpha = 0.01 the projection barely moves the logits; d_phi is then tiny
    // and a wrong d_phi would hide under the tolerance. Here its effect is of order one.
    const double phi_scale =
        1.0 / (0.02 * std::sqrt(static_cast<double>(c.shape.streams * c.shape.hidden)));
    for (double& value : v[Tensor::phi]) value *= phi_scale;
    v[Tensor::alpha] = {0.8, 1.3, 1.1};
  }
  return v;
}

class LayerGradients : public ::testing::TestWithParam<GradientCase> {};

TEST_P(LayerGradients, MatchFiniteDifferences) {
  LayerValues v = make_case(GetParam());
  reference_forward(v);
  reference_backward(v);
  for (const GradientOf& g : kGradients) {
    if (!tensor_used(g.gradient, v.problem)) continue;
    LayerValues probe = v;  // perturbed in place, restored after each probe
    const auto loss = [&] {
      run_forward_from(probe, g.feeds);
      return layer_loss(probe);
    };
    const auto indices = testing::probe_indices(static_cast<int64_t>(v[g.value].size()));
    const auto finite = testing::central_differences(probe[g.value], indices, loss);
    EXPECT_TRUE(testing::gradients_match(finite, testing::gather(v[g.gradient], indices),
                                         tensor_name(g.gradient)));
  }
}

std::vector<GradientCase> gradient_cases() {
  std::vector<GradientCase> cases;
  const Shape shapes[] = {{2, 5, 1}, {3, 7, 2}, {3, 5, 4}, {2, 3, 8}, {2, 3, 32}};
  for (const HPath path : {HPath::static_h, HPath::dynamic_h})
    for (const Convention convention : {Convention::paper, Convention::production})
      for (const Shape& shape : shapes) {
        cases.push_back({path, convention, shape, false});
        if (path == HPath::dynamic_h) cases.push_back({path, convention, shape, true});
      }
  return cases;
}

INSTANTIATE_TEST_SUITE_P(AllPathsConventionsShapes, LayerGradients,
                         ::testing::ValuesIn(gradient_cases()), case_name);

TEST(FiniteDifference, CatchesAWrongGradient) {
  // The tolerance is tight enough that a gradient off by 0.1% in one entry fails, even for d_phi
  // at the default alpha = 0.01, where every entry is small.
  LayerValues v = make_case({HPath::dynamic_h, Convention::paper, {3, 5, 4}, false});
  reference_forward(v);
  reference_backward(v);
  LayerValues probe = v;
  const auto loss = [&] {
    reference_forward(probe);
    return layer_loss(probe);
  };
  const auto indices = testing::probe_indices(static_cast<int64_t>(v[Tensor::phi].size()));
  const auto finite = testing::central_differences(probe[Tensor::phi], indices, loss);
  auto analytic = testing::gather(v[Tensor::d_phi], indices);
  ASSERT_TRUE(testing::gradients_match(finite, analytic, "d_phi"));
  size_t largest = 0;
  for (size_t i = 0; i < analytic.size(); ++i)
    if (std::fabs(analytic[i]) > std::fabs(analytic[largest])) largest = i;
  analytic[largest] *= 1.001;
  EXPECT_FALSE(testing::gradients_match(finite, analytic, "d_phi"));
}

}  // namespace
}  // namespace mhc
