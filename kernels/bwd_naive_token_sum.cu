// bwd_naive_token_sum: naive baseline step (static path), the sum over tokens of per-token H
// gradients that bwd_naive_dot left in the workspace:
//   WHAT 0: d_H_res[w] = sum_b token_h[b][w];  WHAT 1: d_H_post[i] = ...;  WHAT 2: d_H_pre[i] = ...
// Parameters: N streams; WHAT as in bwd_naive_dot. Grid: outputs (n*n or n) blocks, 256 threads.
// Bytes it must move: read B*outputs*4, write outputs*4.
// Design: one block per output, a strided loop over tokens and a block reduction (deterministic).
#include "common/bwd_naive.cuh"

using namespace mhc_dev;

template <int N, int WHAT>
__global__ void __launch_bounds__(256) mhc_bwd_naive_token_sum(const MhcLayerArgs args) {
  __shared__ float scratch[8];
  constexpr int PER_TOKEN = WHAT == 0 ? N * N : N;
  const int o = blockIdx.x;
  const float* token_h = bwd_naive_workspace<N, false>(args).token_h;
  float v[1] = {0.0f};
  for (long long b = threadIdx.x; b < args.tokens; b += 256) v[0] += token_h[b * PER_TOKEN + o];
  bwd_block_sums<256, 1>(v, scratch);
  if (threadIdx.x == 0)
    slot<float>(args, WHAT == 0 ? kDHRes : WHAT == 1 ? kDHPost : kDHPre)[o] = v[0];
}
