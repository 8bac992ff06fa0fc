// naive_rms_apply (naive baseline, both paths): the RMSNorm stand-in for F,
//   f[b, c] = x_in[b, c] * rstd[b] * rms_weight[c]   (stored bf16; rstd from naive_rms_stats).
// Parameters: none. Launch: one thread per output element, kNaiveThreads per block.
// Bytes it must move: read B*C*2 + B*4 + C*4, write B*C*2.
// Design: elementwise.
#include "common/naive_workspace.cuh"

using namespace mhc_dev;

__global__ void __launch_bounds__(kNaiveThreads) mhc_naive_rms_apply(const MhcLayerArgs args) {
  const long long C = args.hidden;
  const long long index = naive_index();
  if (index >= args.tokens * C) return;
  const long long b = index / C, c = index % C;
  const float x_in = to_float(slot<__nv_bfloat16>(args, kXIn)[index]);
  const float value = x_in * naive_workspace(args).rstd[b] * slot<float>(args, kRmsWeight)[c];
  slot<__nv_bfloat16>(args, kF)[index] = from_float<__nv_bfloat16>(value);
}
