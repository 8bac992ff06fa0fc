#include "gpu/tensor_storage.hpp"

#include <fmt/format.h>

#include <cstring>
#include <stdexcept>

#include "gpu/bf16.hpp"

namespace mhc {

int64_t storage_bytes(StorageType storage) {
  return storage == StorageType::f32 ? 4 : 2;
}

std::vector<std::byte> encode_storage(StorageType storage, std::span<const double> values) {
  std::vector<std::byte> bytes(values.size() * storage_bytes(storage));
  for (size_t i = 0; i < values.size(); ++i) {
    if (storage == StorageType::f32) {
      const float v = static_cast<float>(values[i]);
      std::memcpy(bytes.data() + 4 * i, &v, 4);
    } else {
      const uint16_t v = bf16_from_double(values[i]);
      std::memcpy(bytes.data() + 2 * i, &v, 2);
    }
  }
  return bytes;
}

std::vector<double> decode_storage(StorageType storage, std::span<const std::byte> bytes) {
  const auto width = static_cast<size_t>(storage_bytes(storage));
  if (bytes.size() % width != 0)
    throw std::invalid_argument(
        fmt::format("{} bytes is not a whole number of {}-byte elements", bytes.size(), width));
  std::vector<double> values(bytes.size() / width);
  for (size_t i = 0; i < values.size(); ++i) {
    if (storage == StorageType::f32) {
      float v = 0.0f;
      std::memcpy(&v, bytes.data() + 4 * i, 4);
      values[i] = v;
    } else {
      uint16_t v = 0;
      std::memcpy(&v, bytes.data() + 2 * i, 2);
      values[i] = bf16_to_double(v);
    }
  }
  return values;
}

}  // namespace mhc
