// naive_rms_stats (naive baseline, both paths): the RMSNorm stand-in's statistics,
//   rstd[b] = 1 / sqrt(mean_c x_in[b, c]^2 + rms_eps)   (into the workspace).
// Parameters: none. Launch: one block of kNaiveThreads per token.
// Bytes it must move: read B*C*2, write B*4.
// Design: the textbook reduction (block-strided loads, shared-memory tree), as in naive_sumsq.
#include "common/naive_workspace.cuh"

using namespace mhc_dev;

__global__ void __launch_bounds__(kNaiveThreads) mhc_naive_rms_stats(const MhcLayerArgs args) {
  const long long C = args.hidden, b = blockIdx.x;
  const __nv_bfloat16* x_in = slot<__nv_bfloat16>(args, kXIn) + b * C;
  float sum = 0.0f;
  for (long long c = threadIdx.x; c < C; c += kNaiveThreads) {
    const float v = to_float(x_in[c]);
    sum += v * v;
  }
  sum = naive_block_sum(sum);
  if (threadIdx.x == 0)
    naive_workspace(args).rstd[b] = 1.0f / sqrtf(sum / static_cast<float>(C) + args.rms_eps);
}
