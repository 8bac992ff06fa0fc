#include "gpu/tensor_storage.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <vector>

namespace mhc {
namespace {

TEST(TensorStorage, F32RoundsToFloat) {
  const std::vector<double> values = {1.5, -2.0, 0.1};
  const auto bytes = encode_storage(StorageType::f32, values);
  ASSERT_EQ(bytes.size(), 12u);
  float second = 0.0f;
  std::memcpy(&second, bytes.data() + 4, 4);
  EXPECT_EQ(second, -2.0f);
  const auto back = decode_storage(StorageType::f32, bytes);
  ASSERT_EQ(back.size(), 3u);
  EXPECT_EQ(back[0], 1.5);
  EXPECT_EQ(back[2], static_cast<double>(0.1f));
}

TEST(TensorStorage, Bf16UsesTheHostRounding) {
  const std::vector<double> values = {1.0 + std::ldexp(1.0, -8) + std::ldexp(1.0, -40), -3.0};
  const auto bytes = encode_storage(StorageType::bf16, values);
  ASSERT_EQ(bytes.size(), 4u);
  uint16_t first = 0;
  std::memcpy(&first, bytes.data(), 2);
  EXPECT_EQ(first, 0x3F81);
  const auto back = decode_storage(StorageType::bf16, bytes);
  EXPECT_EQ(back[0], 1.0 + std::ldexp(1.0, -7));
  EXPECT_EQ(back[1], -3.0);
}

TEST(TensorStorage, PoisonBytesDecodeAsNan) {
  const std::vector<std::byte> poison(8, std::byte{0xFF});
  for (const double v : decode_storage(StorageType::f32, poison)) EXPECT_TRUE(std::isnan(v));
  for (const double v : decode_storage(StorageType::bf16, poison)) EXPECT_TRUE(std::isnan(v));
}

TEST(TensorStorage, PartialElementsAreRejected) {
  const std::vector<std::byte> odd(3);
  EXPECT_THROW(decode_storage(StorageType::bf16, odd), std::invalid_argument);
}

}  // namespace
}  // namespace mhc
