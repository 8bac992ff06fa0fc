#include "gpu/layer_buffers.hpp"

#include <fmt/format.h>

#include <stdexcept>

#include "gpu/layer_args.hpp"
#include "gpu/tensor_storage.hpp"

namespace mhc {

LayerBuffers::LayerBuffers(const Problem& problem, int64_t workspace_bytes,
                           const std::string& context)
    : problem_(problem),
      workspace_(workspace_bytes,
                 fmt::format("workspace of {} ({})", to_string(problem), context)) {
  for (int i = 0; i < kTensorCount; ++i) {
    const auto tensor = static_cast<Tensor>(i);
    if (!tensor_used(tensor, problem)) continue;
    const TensorInfo info = tensor_info(tensor, problem);
    tensors_[i].emplace(info.bytes(),
                        fmt::format("{} of {} ({})", info.name, to_string(problem), context));
  }
}

bool LayerBuffers::has(Tensor tensor) const {
  return tensors_[static_cast<int>(tensor)].has_value();
}

const DeviceBuffer& LayerBuffers::buffer(Tensor tensor) const {
  const auto& slot = tensors_[static_cast<int>(tensor)];
  if (!slot)
    throw std::invalid_argument(
        fmt::format("tensor {} is not used by {}", tensor_name(tensor), to_string(problem_)));
  return *slot;
}

int64_t LayerBuffers::total_bytes() const {
  int64_t total = workspace_.bytes();
  for (const auto& slot : tensors_)
    if (slot) total += slot->bytes();
  return total;
}

MhcLayerArgs LayerBuffers::args() const {
  TensorPointers pointers{};
  for (int i = 0; i < kTensorCount; ++i) pointers[i] = tensors_[i] ? tensors_[i]->data() : nullptr;
  return make_layer_args(problem_, pointers, workspace_.data(), workspace_.bytes());
}

void LayerBuffers::upload(Tensor tensor, std::span<const double> values,
                          cudaStream_t stream) const {
  const TensorInfo info = tensor_info(tensor, problem_);
  if (static_cast<int64_t>(values.size()) != info.elements())
    throw std::invalid_argument(fmt::format("upload of {}: {} values for {} elements", info.name,
                                            values.size(), info.elements()));
  buffer(tensor).upload(encode_storage(info.storage, values), stream);
}

std::vector<double> LayerBuffers::download(Tensor tensor, cudaStream_t stream) const {
  const TensorInfo info = tensor_info(tensor, problem_);
  std::vector<std::byte> bytes(static_cast<size_t>(info.bytes()));
  buffer(tensor).download(bytes, stream);
  return decode_storage(info.storage, bytes);
}

void LayerBuffers::poison(std::span<const Tensor> tensors, cudaStream_t stream) const {
  for (const Tensor tensor : tensors) buffer(tensor).poison(stream);
}

}  // namespace mhc
