#include "gpu/bf16.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace mhc {
namespace {

TEST(Bf16, ExactValues) {
  EXPECT_EQ(bf16_from_double(1.0), 0x3F80);
  EXPECT_EQ(bf16_from_double(-2.0), 0xC000);
  EXPECT_EQ(bf16_from_double(0.5), 0x3F00);
  EXPECT_EQ(bf16_from_double(3.0), 0x4040);
  EXPECT_EQ(bf16_from_double(65280.0), 0x477F);  // (1 + 127/128) * 2^15
  EXPECT_EQ(bf16_from_double(0.0), 0x0000);
  EXPECT_EQ(bf16_from_double(-0.0), 0x8000);
  EXPECT_EQ(bf16_to_double(0x3F80), 1.0);
  EXPECT_EQ(bf16_to_double(0xC040), -3.0);
}

TEST(Bf16, TiesGoToEven) {
  // Spacing at 1 is 2^-7, so 1 + 2^-8 lies halfway between 0x3F80 (even) and 0x3F81.
  EXPECT_EQ(bf16_from_double(1.0 + std::ldexp(1.0, -8)), 0x3F80);
  EXPECT_EQ(bf16_from_double(1.0 + 3 * std::ldexp(1.0, -8)), 0x3F82);  // between 0x3F81 and 0x3F82
  EXPECT_EQ(bf16_from_double(-(1.0 + std::ldexp(1.0, -8))), 0xBF80);
  // Just above and below a tie round to the nearer neighbour.
  EXPECT_EQ(bf16_from_double(1.0 + std::ldexp(1.0, -8) + std::ldexp(1.0, -30)), 0x3F81);
  EXPECT_EQ(bf16_from_double(1.0 + 3 * std::ldexp(1.0, -8) - std::ldexp(1.0, -30)), 0x3F81);
}

TEST(Bf16, RoundsOnceFromDouble) {
  // Through float first, 1 + 2^-8 + 2^-40 would become the tie 1 + 2^-8 and round down to 1;
  // rounded once, it lies above the tie.
  EXPECT_EQ(bf16_from_double(1.0 + std::ldexp(1.0, -8) + std::ldexp(1.0, -40)), 0x3F81);
}

TEST(Bf16, NanInfinityAndOverflow) {
  const double inf = std::numeric_limits<double>::infinity();
  EXPECT_EQ(bf16_from_double(std::numeric_limits<double>::quiet_NaN()), 0x7FC0);
  EXPECT_EQ(bf16_from_double(-std::numeric_limits<double>::quiet_NaN()), 0xFFC0);
  EXPECT_EQ(bf16_from_double(inf), 0x7F80);
  EXPECT_EQ(bf16_from_double(-inf), 0xFF80);
  EXPECT_EQ(bf16_from_double(3.39e38), 0x7F7F);  // the largest finite bf16 is about 3.3895e38
  EXPECT_EQ(bf16_from_double(3.4e38), 0x7F80);   // past the halfway point to 2^128
  EXPECT_EQ(bf16_from_double(std::numeric_limits<float>::max()), 0x7F80);
  EXPECT_EQ(bf16_from_double(-1e300), 0xFF80);
  EXPECT_TRUE(std::isnan(bf16_to_double(0x7FC0)));
  EXPECT_EQ(bf16_to_double(0xFF80), -inf);
}

TEST(Bf16, Subnormals) {
  EXPECT_EQ(bf16_from_double(std::ldexp(1.0, -133)), 0x0001);  // smallest subnormal
  EXPECT_EQ(bf16_from_double(std::ldexp(1.0, -134)), 0x0000);  // halfway to it: ties to even 0
  EXPECT_EQ(bf16_from_double(std::ldexp(1.5, -134)), 0x0001);
  EXPECT_EQ(bf16_from_double(std::ldexp(3.0, -134)), 0x0002);  // halfway 1..2: even is 2
  EXPECT_EQ(bf16_from_double(std::ldexp(1.0, -126)), 0x0080);  // smallest normal
  EXPECT_EQ(bf16_from_double(-1e-300), 0x8000);
  EXPECT_EQ(bf16_to_double(0x0001), std::ldexp(1.0, -133));
}

TEST(Bf16, EveryFiniteBf16RoundTrips) {
  for (uint32_t bits = 0; bits <= 0xFFFF; ++bits) {
    const auto b = static_cast<uint16_t>(bits);
    const double value = bf16_to_double(b);
    if (std::isnan(value)) continue;
    ASSERT_EQ(bf16_from_double(value), b) << "bits 0x" << std::hex << bits;
  }
}

}  // namespace
}  // namespace mhc
