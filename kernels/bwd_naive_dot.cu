// bwd_naive_dot: naive baseline step, a per-token dot product over the channels, one kernel per
// H gradient as an eager framework runs the einsum backward:
//   WHAT 0: d_H_res[b, w(i,j)] = sum_c d_x_next[b,i,c] x[b,j,c]  (w: paper i*n+j, prod. j*n+i)
//   WHAT 1: d_H_post[b,i]     = sum_c d_x_next[b,i,c] f[b,c]
//   WHAT 2: d_H_pre[b,i]      = sum_c d_x_in[b,c] x[b,i,c]
// On the dynamic path it writes the H gradient tensor; on the static path the per-token values go
// to the workspace (token_h) and bwd_naive_token_sum adds them over tokens, as autograd reduces a
// broadcast parameter's gradient.
// Parameters: T residual type; N streams; WHAT; PER_TOKEN (dynamic path). Grid: (B, outputs per
// token), 128 threads.
// Bytes it must move: read 2*B*n*C*s (WHAT 0: every row re-read n times), write B*outputs*4.
// Design: one block per output, a strided loop and a block reduction (deterministic).
#include "common/bwd_naive.cuh"

using namespace mhc_dev;

template <typename T, int N, int WHAT, bool PER_TOKEN>
__global__ void __launch_bounds__(128) mhc_bwd_naive_dot(const MhcLayerArgs args) {
  __shared__ float scratch[4];
  const long long C = args.hidden, b = blockIdx.x;
  const int o = blockIdx.y;
  const int i = WHAT == 0 ? o / N : o, j = WHAT == 0 ? o % N : 0;
  const T* x = slot<T>(args, kX) + b * N * C;
  const T* dxn = slot<T>(args, kDXNext) + b * N * C;
  float v[1] = {0.0f};
  for (long long c = threadIdx.x; c < C; c += 128) {
    if constexpr (WHAT == 0) {
      v[0] = fmaf(to_float(dxn[i * C + c]), to_float(x[j * C + c]), v[0]);
    } else if constexpr (WHAT == 1) {
      v[0] =
          fmaf(to_float(dxn[i * C + c]), to_float(slot<__nv_bfloat16>(args, kF)[b * C + c]), v[0]);
    } else {
      v[0] = fmaf(slot<float>(args, kDXIn)[b * C + c], to_float(x[i * C + c]), v[0]);
    }
  }
  bwd_block_sums<128, 1>(v, scratch);
  if (threadIdx.x != 0) return;
  const int index = WHAT == 0 ? bwd_mix_index(args.convention, N, i, j) : i;
  const int per_token = WHAT == 0 ? N * N : N;
  if constexpr (PER_TOKEN) {
    const Slot target = WHAT == 0 ? kDHRes : WHAT == 1 ? kDHPost : kDHPre;
    slot<float>(args, target)[b * per_token + index] = v[0];
  } else {
    bwd_naive_workspace<N, false>(args).token_h[b * per_token + index] = v[0];
  }
}
