#include "reference/storage_rounding.hpp"

#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>

#include "reference/normal_generator.hpp"

namespace mhc {
namespace {

// The usual bf16 conversion of a float by integer arithmetic on its bits (round to nearest even).
double bf16_from_float_bits(float value) {
  const auto bits = std::bit_cast<uint32_t>(value);
  const uint32_t rounded = (bits + 0x7fffu + ((bits >> 16) & 1u)) & 0xffff0000u;
  return std::bit_cast<float>(rounded);
}

// Random values over many magnitudes, including the subnormal range and near the overflow limit.
double random_magnitude_value(NormalGenerator& g) {
  const int exponent = static_cast<int>(g.uniform() * 290.0) - 150;  // 2^-150 .. 2^140
  return std::ldexp(g.normal(), exponent);
}

TEST(StorageRounding, F32MatchesTheHardwareConversion) {
  NormalGenerator g(7);
  for (int i = 0; i < 200000; ++i) {
    const double value = random_magnitude_value(g);
    ASSERT_EQ(round_to_storage(value, StorageType::f32),
              static_cast<double>(static_cast<float>(value)))
        << "value " << value;
  }
}

TEST(StorageRounding, Bf16OfAFloatMatchesBitRounding) {
  // For values that are floats, rounding the double once equals the bit-level float->bf16 rounding.
  NormalGenerator g(8);
  for (int i = 0; i < 200000; ++i) {
    const float value = static_cast<float>(random_magnitude_value(g));
    if (!std::isfinite(value)) continue;
    ASSERT_EQ(round_to_storage(value, StorageType::bf16), bf16_from_float_bits(value))
        << "value " << value;
  }
}

TEST(StorageRounding, Bf16TiesGoToEvenAndOverflowGoesToInfinity) {
  // bf16 keeps 8 significant bits, so numbers in [1, 2) are spaced 2^-7 apart.
  EXPECT_EQ(round_to_storage(1.0 + 0x1p-8, StorageType::bf16), 1.0);  // tie, even below
  EXPECT_EQ(round_to_storage(1.0 + 3 * 0x1p-8, StorageType::bf16),
            1.0 + 0x1p-6);  // tie, even above
  EXPECT_EQ(round_to_storage(1.0 + 0x1p-8 + 0x1p-30, StorageType::bf16), 1.0 + 0x1p-7);  // past tie
  EXPECT_EQ(round_to_storage(-1.0 - 0x1p-8, StorageType::bf16), -1.0);
  EXPECT_EQ(round_to_storage(0x1p-134, StorageType::bf16), 0.0);  // half the smallest subnormal
  EXPECT_EQ(round_to_storage(0x1.8p-133, StorageType::bf16), 0x1p-132);
  EXPECT_EQ(round_to_storage(0x1.ffp127, StorageType::bf16), INFINITY);
  EXPECT_EQ(round_to_storage(0x1.fep127, StorageType::bf16), 0x1.fep127);  // largest finite bf16
  EXPECT_TRUE(std::isnan(round_to_storage(std::nan(""), StorageType::bf16)));
  EXPECT_EQ(round_to_storage(1.0 + 0x1p-30, StorageType::f32), 1.0);
}

}  // namespace
}  // namespace mhc
