// Each op's backward against central finite differences of its own forward, with the scalar loss
// <w, output> for random w (so d output = w). The whole layer is checked in layer_gradients_test.
#include <gtest/gtest.h>

#include <vector>

#include "core/layer_tensors.hpp"
#include "finite_difference.hpp"
#include "reference/coefficients.hpp"
#include "reference/dynamic_projection.hpp"
#include "reference/normal_generator.hpp"
#include "reference/post_mix.hpp"
#include "reference/pre_aggregate.hpp"
#include "reference/rms_norm.hpp"

namespace mhc {
namespace {

using testing::central_differences;
using testing::gradients_match;
using testing::probe_indices;

std::vector<double> normals(int64_t count, uint64_t seed, double mean = 0.0, double stddev = 1.0) {
  NormalGenerator g(seed);
  std::vector<double> values(count);
  for (auto& v : values) v = mean + stddev * g.normal();
  return values;
}

double dot(const std::vector<double>& a, const std::vector<double>& b) {
  double sum = 0.0;
  for (size_t i = 0; i < a.size(); ++i) sum += a[i] * b[i];
  return sum;
}

// Checks d loss / d values against `analytic` for every probed entry of `values`.
void expect_gradient(std::vector<double>& values, const std::vector<double>& analytic,
                     const std::function<double()>& loss, std::string_view what) {
  const auto indices = probe_indices(static_cast<int64_t>(values.size()));
  const auto finite = central_differences(values, indices, loss);
  EXPECT_TRUE(gradients_match(finite, testing::gather(analytic, indices), what));
}

TEST(OpGradients, PreAggregate) {
  const int64_t n = 4, hidden = 7;
  auto x = normals(n * hidden, 1), h_pre = normals(n, 2, 0.5, 0.2), w = normals(hidden, 3);
  const auto loss = [&] {
    std::vector<double> x_in(hidden);
    pre_aggregate_forward(x, h_pre, x_in);
    return dot(w, x_in);
  };
  std::vector<double> d_x(n * hidden), d_h_pre(n);
  pre_aggregate_backward(x, h_pre, w, d_x, d_h_pre);
  expect_gradient(x, d_x, loss, "d_x");
  expect_gradient(h_pre, d_h_pre, loss, "d_h_pre");
}

TEST(OpGradients, RmsNorm) {
  const int64_t hidden = 9;
  auto x_in = normals(hidden, 4), weight = normals(hidden, 5, 1.0, 0.1), w = normals(hidden, 6);
  const double eps = 1e-5;
  const auto loss = [&] {
    std::vector<double> f(hidden);
    rms_norm_forward(x_in, weight, eps, f);
    return dot(w, f);
  };
  std::vector<double> d_x_in(hidden), d_weight(hidden);
  rms_norm_backward(x_in, weight, eps, w, d_x_in, d_weight);
  expect_gradient(x_in, d_x_in, loss, "d_x_in");
  expect_gradient(weight, d_weight, loss, "d_rms_weight");
}

TEST(OpGradients, PostInBothConventions) {
  const int64_t n = 3, hidden = 5;  // n = 3: H_res is not symmetric, so a missing transpose shows
  for (const Convention convention : {Convention::paper, Convention::production}) {
    auto x = normals(n * hidden, 7), f = normals(hidden, 8), h_post = normals(n, 9, 1.0, 0.3);
    auto h_res = normals(n * n, 10, 0.3, 0.2);
    const auto w = normals(n * hidden, 11);
    const auto loss = [&] {
      std::vector<double> x_next(n * hidden);
      post_forward({x, f, h_post, h_res}, convention, x_next);
      return dot(w, x_next);
    };
    std::vector<double> d_x(n * hidden), d_f(hidden), d_h_post(n), d_h_res(n * n);
    post_backward({x, f, h_post, h_res}, convention, w, {d_x, d_f, d_h_post, d_h_res});
    SCOPED_TRACE(to_string(convention));
    expect_gradient(x, d_x, loss, "d_x");
    expect_gradient(f, d_f, loss, "d_f");
    expect_gradient(h_post, d_h_post, loss, "d_h_post");
    expect_gradient(h_res, d_h_res, loss, "d_h_res");
  }
}

TEST(OpGradients, CoefficientsInBothConventions) {
  const int64_t n = 4, m = mixing_logits(n);
  for (const Convention convention : {Convention::paper, Convention::production}) {
    const MhcConstants constants = default_constants(convention);
    auto logits = normals(m, 12);
    const auto w = normals(m, 13);  // weights on h_pre | h_post | h_res, laid out like the logits
    const auto loss = [&] {
      std::vector<double> h(m);
      const std::span<double> all(h);
      coefficients_forward(logits, n, convention, constants,
                           {all.subspan(0, n), all.subspan(n, n), all.subspan(2 * n)});
      return dot(w, h);
    };
    std::vector<double> d_logits(m);
    const std::span<const double> d_h(w);
    coefficients_backward(logits, n, convention, constants,
                          {d_h.subspan(0, n), d_h.subspan(n, n), d_h.subspan(2 * n)}, d_logits);
    SCOPED_TRACE(to_string(convention));
    expect_gradient(logits, d_logits, loss, "d_logits");
  }
}

TEST(OpGradients, ProjectionAndItsScaling) {
  // alpha of order 1 and phi of order 1/sqrt(nC), so the logits move visibly with phi and x.
  const int64_t n = 4, hidden = 3, m = mixing_logits(n);
  auto x = normals(n * hidden, 14), phi = normals(n * hidden * m, 15, 0.0, 0.3);
  auto alpha = std::vector<double>{0.8, 1.3, 1.1}, bias = normals(m, 16);
  const auto w = normals(m, 17);
  const auto params = [&] { return ProjectionParams{phi, alpha, bias, n, hidden, 1e-5}; };
  const auto loss = [&] {
    std::vector<double> proj(m), sumsq(1), logits(m);
    project_tokens(x, params(), proj, sumsq);
    logits_from_projection(proj, sumsq[0], params(), logits);
    return dot(w, logits);
  };
  std::vector<double> proj(m), d_proj(m), d_alpha(3), d_bias(m), d_x(n * hidden), d_phi(phi.size());
  std::vector<double> sumsq(1);
  project_tokens(x, params(), proj, sumsq);
  ProjectionGradients grads{d_proj, 0.0, d_alpha, d_bias};
  logits_from_projection_backward(proj, sumsq[0], params(), w, grads);
  project_tokens_backward(x, params(), d_proj, std::vector<double>{grads.d_sumsq}, d_x, d_phi);
  expect_gradient(x, d_x, loss, "d_x");
  expect_gradient(phi, d_phi, loss, "d_phi");
  expect_gradient(alpha, d_alpha, loss, "d_alpha");
  expect_gradient(bias, d_bias, loss, "d_bias");
}

}  // namespace
}  // namespace mhc
