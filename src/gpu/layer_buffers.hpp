#pragma once
// Device memory for every tensor one problem uses, plus a workspace, and the MhcLayerArgs that
// points at them. Values cross the host boundary as float64 and are stored in each tensor's
// storage type (tensor_info), so the reference and the verifier never see bf16 bits.
#include <cuda_runtime.h>

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "common/mhc_layer_args.h"
#include "core/layer_tensors.hpp"
#include "gpu/device_buffer.hpp"

namespace mhc {

class LayerBuffers {
 public:
  // Allocates each tensor for which tensor_used() is true and `workspace_bytes` of scratch.
  // `context` (e.g. the variant) prefixes every buffer's label.
  LayerBuffers(const Problem& problem, int64_t workspace_bytes, const std::string& context);

  const Problem& problem() const { return problem_; }
  bool has(Tensor tensor) const;
  // Throws std::invalid_argument when the problem does not use `tensor`.
  const DeviceBuffer& buffer(Tensor tensor) const;
  const DeviceBuffer& workspace() const { return workspace_; }
  int64_t total_bytes() const;

  // Pointers in Tensor order, unused tensors nullptr, scalars from the problem, step 0.
  MhcLayerArgs args() const;

  // values.size() must equal the tensor's element count. Synchronous.
  void upload(Tensor tensor, std::span<const double> values, cudaStream_t stream) const;
  std::vector<double> download(Tensor tensor, cudaStream_t stream) const;
  // Fills the tensors with the NaN pattern (kPoisonByte); stream-ordered.
  void poison(std::span<const Tensor> tensors, cudaStream_t stream) const;

 private:
  Problem problem_;
  std::array<std::optional<DeviceBuffer>, kTensorCount> tensors_;
  DeviceBuffer workspace_;
};

}  // namespace mhc
