#pragma once
// Host values (float64, as the reference computes them) to and from a tensor's storage bytes: f32
// by the usual conversion, bf16 by bf16_from_double. Kept apart from the device so it is tested on
// the CPU.
#include <cstddef>
#include <span>
#include <vector>

#include "core/layer_tensors.hpp"

namespace mhc {

std::vector<std::byte> encode_storage(StorageType storage, std::span<const double> values);
std::vector<double> decode_storage(StorageType storage, std::span<const std::byte> bytes);
int64_t storage_bytes(StorageType storage);

}  // namespace mhc
