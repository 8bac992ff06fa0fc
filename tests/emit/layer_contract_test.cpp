// What the C API's two calls rely on: mhc_tuned_backward reads the tensors mhc_tuned_forward
// saved, whichever pipelines dispatch picks for each. So every forward pipeline must write every
// tensor any backward pipeline of the same path reads, other than the layer's inputs.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "ops/registry.hpp"

namespace mhc {
namespace {

std::set<Tensor> tensors_of(const PipelineDefinition& pipeline, bool writes) {
  std::set<Tensor> out;
  for (const auto& name : pipeline.op_names()) {
    const auto& op = find_op(name);
    for (Tensor t : writes ? op.writes : op.reads) out.insert(t);
  }
  return out;
}

bool is_layer_input(Tensor t) {
  return t == Tensor::x || t == Tensor::phi || t == Tensor::alpha || t == Tensor::bias ||
         t == Tensor::h_static || t == Tensor::rms_weight || t == Tensor::d_x_next;
}

TEST(LayerContract, EveryForwardSavesWhatEveryBackwardOfItsPathReads) {
  int pairs = 0;
  for (const auto& forward : pipeline_registry()) {
    if (forward.direction != Direction::forward) continue;
    const auto saved = tensors_of(forward, true);
    for (const auto& backward : pipeline_registry()) {
      if (backward.direction != Direction::backward || backward.path != forward.path) continue;
      ++pairs;
      for (Tensor t : tensors_of(backward, false))
        if (!is_layer_input(t) && !tensor_name(t).starts_with("d_"))
          EXPECT_TRUE(saved.count(t)) << forward.name << " does not write " << tensor_name(t)
                                      << ", which " << backward.name << " reads";
    }
  }
  EXPECT_GT(pairs, 0);
}

}  // namespace
}  // namespace mhc
