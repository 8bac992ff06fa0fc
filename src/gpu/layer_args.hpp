#pragma once
// The kernel argument of one problem: device pointers in mhc::Tensor order (nullptr for tensors the
// problem does not use) and the layer's scalars from the Problem. Pure host code, tested on the
// CPU.
#include <array>
#include <cstdint>

#include "common/mhc_layer_args.h"
#include "core/layer_tensors.hpp"

namespace mhc {

static_assert(MHC_TENSOR_COUNT == kTensorCount,
              "kernels/common/mhc_layer_args.h and mhc::Tensor must list the same tensors");

using TensorPointers = std::array<void*, kTensorCount>;

// step starts at 0; the pipeline sets it per launch of a repeated step.
MhcLayerArgs make_layer_args(const Problem& problem, const TensorPointers& tensors, void* workspace,
                             int64_t workspace_bytes);

}  // namespace mhc
