#pragma once
// Rounding a float64 value to what a tensor's storage type can hold, so the reference computes from
// exactly the numbers the GPU reads.
#include "core/layer_tensors.hpp"

namespace mhc {

// Round-to-nearest-even to bf16 (8 significant bits) or f32 (24), with subnormals, overflow to
// infinity, and NaN passed through. Rounds the double directly: going through float first would
// round twice and can differ from a single rounding.
double round_to_storage(double value, StorageType storage);

}  // namespace mhc
