// bwd_naive_post_df: naive baseline step, the post step's gradient to F's output:
//   d_f[b,c] = sum_i H_post[b,i] d_x_next[b,i,c]
// Parameters: T residual type; N streams. Grid: (B, ceil(C / 256)), 256 threads.
// Bytes it must move: read B*n*C*s, write B*C*4.
// Design: one thread per output element, an eager framework's broadcast multiply and sum.
#include "common/bwd_naive.cuh"

using namespace mhc_dev;

template <typename T, int N>
__global__ void __launch_bounds__(256) mhc_bwd_naive_post_df(const MhcLayerArgs args) {
  const long long C = args.hidden, b = blockIdx.x;
  const long long c = static_cast<long long>(blockIdx.y) * 256 + threadIdx.x;
  if (c >= C) return;
  const float* h = slot<float>(args, kHPost) + h_row(args, b) * N;
  const T* dxn = slot<T>(args, kDXNext) + b * N * C + c;
  float v = 0.0f;
#pragma unroll
  for (int i = 0; i < N; ++i) v = fmaf(h[i], to_float(dxn[i * C]), v);
  slot<float>(args, kDF)[b * C + c] = v;
}
