#include "reference/compare.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <stdexcept>
#include <vector>

namespace mhc {
namespace {

TEST(CompareValues, ReportsNormErrorAndTheWorstEntry) {
  const std::vector<double> expected{1, 2, 3}, actual{1, 2.5, 2.9};
  const ErrorStats stats = compare_values(expected, actual);
  EXPECT_DOUBLE_EQ(stats.max_abs_error, 0.5);
  EXPECT_EQ(stats.worst_index, 1);
  EXPECT_EQ(stats.worst_expected, 2);
  EXPECT_EQ(stats.worst_actual, 2.5);
  EXPECT_DOUBLE_EQ(stats.rel_norm_error, std::sqrt((0.25 + 0.01) / 14.0));
  EXPECT_EQ(stats.non_finite, 0);
  EXPECT_EQ(stats.count, 3);
  EXPECT_NE(to_string(stats).find("at [1]"), std::string::npos);
}

TEST(CompareValues, NonFiniteNeverPasses) {
  const std::vector<double> expected{1, 2, 3, 4};
  const std::vector<double> actual{1, 2, std::nan(""), std::numeric_limits<double>::infinity()};
  const ErrorStats stats = compare_values(expected, actual);
  EXPECT_EQ(stats.non_finite, 2);
  EXPECT_EQ(stats.worst_index, 2);
  EXPECT_TRUE(std::isinf(stats.max_abs_error));
  EXPECT_TRUE(std::isinf(stats.rel_norm_error));
}

TEST(CompareValues, ZerosAndSizeMismatch) {
  const std::vector<double> zeros(3, 0.0), small{0, 1e-30, 0};
  EXPECT_EQ(compare_values(zeros, zeros).rel_norm_error, 0.0);
  EXPECT_TRUE(std::isinf(compare_values(zeros, small).rel_norm_error));
  EXPECT_THROW(compare_values(zeros, std::vector<double>(2)), std::invalid_argument);
}

TEST(DoublyStochastic, AcceptsPermutationsAndNamesTheFirstViolation) {
  const std::vector<double> permutation{0, 1, 0, 0, 0, 1, 1, 0, 0};
  EXPECT_TRUE(check_doubly_stochastic(permutation, 1, 3, 1e-12).ok);

  const std::vector<double> negative{1.5, -0.5, -0.5, 1.5};  // rows and columns sum to 1
  const InvariantReport neg = check_doubly_stochastic(negative, 1, 2, 1e-6);
  EXPECT_FALSE(neg.ok);
  EXPECT_NE(neg.detail.find("entry (0, 1)"), std::string::npos) << neg.detail;

  const std::vector<double> rows_only{0.5, 0.5, 0.9, 0.1};  // rows sum to 1, columns do not
  const InvariantReport cols = check_doubly_stochastic(rows_only, 1, 2, 1e-6);
  EXPECT_FALSE(cols.ok);
  EXPECT_NE(cols.detail.find("column 0"), std::string::npos) << cols.detail;

  // The second of two matrices is off by 2e-6 in row 1: caught at bound 1e-6, not at 1e-5.
  std::vector<double> two{1, 0, 0, 1, 1, 0, 0, 1 + 2e-6};
  const InvariantReport second = check_doubly_stochastic(two, 2, 2, 1e-6);
  EXPECT_FALSE(second.ok);
  EXPECT_NE(second.detail.find("matrix 1: row 1"), std::string::npos) << second.detail;
  EXPECT_TRUE(check_doubly_stochastic(two, 2, 2, 1e-5).ok);
  EXPECT_THROW(check_doubly_stochastic(two, 3, 2, 1e-5), std::invalid_argument);
}

TEST(CoefficientRanges, HoldAfterForwardAndCatchOutOfRangeValues) {
  for (const Convention convention : {Convention::paper, Convention::production}) {
    Problem p;
    p.shape = {8, 16, 4};
    p.convention = convention;
    p.constants = default_constants(convention);
    LayerValues v = make_random_layer(p, 3);
    reference_forward(v);
    EXPECT_TRUE(check_coefficient_ranges(v).ok) << check_coefficient_ranges(v).detail;
    // 1e-3: 20 iterations on N(0, 1) logits leave up to ~4e-4 (see sinkhorn_test.cpp).
    EXPECT_TRUE(check_doubly_stochastic(v[Tensor::h_res], 8, 4, 1e-3).ok);

    LayerValues high_post = v;
    high_post[Tensor::h_post][3] = p.constants.post_mult + 0.1;
    const InvariantReport post = check_coefficient_ranges(high_post);
    EXPECT_FALSE(post.ok);
    EXPECT_NE(post.detail.find("h_post[3]"), std::string::npos) << post.detail;

    LayerValues nan_pre = v;
    nan_pre[Tensor::h_pre][0] = std::nan("");
    EXPECT_FALSE(check_coefficient_ranges(nan_pre).ok);
  }
}

}  // namespace
}  // namespace mhc
