#include "gpu/layer_args.hpp"

namespace mhc {

MhcLayerArgs make_layer_args(const Problem& problem, const TensorPointers& tensors, void* workspace,
                             int64_t workspace_bytes) {
  MhcLayerArgs args{};
  for (int i = 0; i < kTensorCount; ++i) args.tensors[i] = tensors[i];
  args.workspace = workspace;
  args.workspace_bytes = workspace_bytes;
  args.tokens = problem.shape.tokens;
  args.hidden = problem.shape.hidden;
  args.streams = problem.shape.streams;
  args.sinkhorn_iters = problem.constants.sinkhorn_iters;
  args.convention = problem.convention == Convention::paper ? 0 : 1;
  args.rms_eps = static_cast<float>(problem.constants.rms_eps);
  args.sinkhorn_eps = static_cast<float>(problem.constants.sinkhorn_eps);
  args.post_mult = static_cast<float>(problem.constants.post_mult);
  args.pre_eps = static_cast<float>(problem.constants.pre_eps);
  args.step = 0;
  args.h_per_token = problem.path == HPath::dynamic_h ? 1 : 0;
  return args;
}

}  // namespace mhc
