// SAME / FAST / SLOW / AMBG at and around each boundary of the rule.
#include "report/change_label.hpp"

#include <gtest/gtest.h>

namespace mhc::report {
namespace {

TEST(ChangeLabel, SameWithinTheSmallerNoise) {
  EXPECT_EQ(classify_change(100.0, 0.01, 100.0, 0.01), ChangeLabel::same);
  EXPECT_EQ(classify_change(100.5, 0.01, 100.0, 0.02), ChangeLabel::same);       // 0.5% <= 1%
  EXPECT_EQ(classify_change(101.5, 0.01, 100.0, 0.02), ChangeLabel::ambiguous);  // 1% < 1.5% <= 3%
}

TEST(ChangeLabel, FastOrSlowOnlyBeyondBothNoisesAdded) {
  EXPECT_EQ(classify_change(90.0, 0.01, 100.0, 0.01), ChangeLabel::fast);
  EXPECT_EQ(classify_change(110.0, 0.01, 100.0, 0.01), ChangeLabel::slow);
  EXPECT_EQ(classify_change(97.1, 0.01, 100.0, 0.02), ChangeLabel::ambiguous);  // 2.9% < 3%
  EXPECT_EQ(classify_change(96.9, 0.01, 100.0, 0.02), ChangeLabel::fast);
}

TEST(ChangeLabel, NoRatioIsAmbiguous) {
  EXPECT_EQ(classify_change(0.0, 0.01, 100.0, 0.01), ChangeLabel::ambiguous);
  EXPECT_EQ(classify_change(10.0, 0.01, 0.0, 0.01), ChangeLabel::ambiguous);
}

TEST(ChangeLabel, PrintsNvbenchStyleNames) {
  EXPECT_EQ(to_string(ChangeLabel::same), "SAME");
  EXPECT_EQ(to_string(ChangeLabel::fast), "FAST");
  EXPECT_EQ(to_string(ChangeLabel::slow), "SLOW");
  EXPECT_EQ(to_string(ChangeLabel::ambiguous), "AMBG");
}

}  // namespace
}  // namespace mhc::report
