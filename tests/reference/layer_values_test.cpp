#include "reference/layer_values.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

#include "core/errors.hpp"

namespace mhc {
namespace {

TEST(LayerValues, RejectsProblemsTheReferenceCannotCompute) {
  Problem p;
  p.shape = {2, 0, 4};
  EXPECT_THROW(make_zero_layer(p), UsageError);
  p.shape = {2, 8, 4};
  p.convention = Convention::production;
  p.constants.sinkhorn_iters = 0;  // production starts with a column step: needs t_max >= 1
  EXPECT_THROW(make_zero_layer(p), UsageError);
  p.convention = Convention::paper;
  EXPECT_NO_THROW(make_zero_layer(p));  // paper with t_max = 0 is just exp
  p.constants.rms_eps = -1e-5;
  EXPECT_THROW(make_zero_layer(p), UsageError);
}

TEST(LayerValues, ForwardRefusesMissizedTensorsAndBackwardNeedsABackwardProblem) {
  Problem p;
  p.shape = {2, 8, 4};
  LayerValues v = make_random_layer(p, 1);
  EXPECT_THROW(reference_backward(v), std::invalid_argument);
  v[Tensor::phi].pop_back();
  EXPECT_THROW(reference_forward(v), std::invalid_argument);
}

}  // namespace
}  // namespace mhc
