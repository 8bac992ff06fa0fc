// naive_pre_aggregate (naive baseline, both paths): F's input,
//   x_in[b, c] = sum_i h_pre[row(b), i] * x[b, i, c]   (stored bf16; the eager einsum + cast).
// Parameters: T residual type. Launch: one thread per output element, kNaiveThreads per block.
// Bytes it must move: read B*n*C*s, write B*C*2.
// Design: one thread per output element, scalar loads (coalesced across threads).
#include "common/naive_workspace.cuh"

using namespace mhc_dev;

template <typename T>
__global__ void __launch_bounds__(kNaiveThreads) mhc_naive_pre_aggregate(const MhcLayerArgs args) {
  const long long n = args.streams, C = args.hidden;
  const long long index = naive_index();
  if (index >= args.tokens * C) return;
  const long long b = index / C, c = index % C;
  const float* h = slot<float>(args, kHPre) + h_row(args, b) * n;
  const T* x = slot<T>(args, kX);
  float acc = 0.0f;
  for (long long i = 0; i < n; ++i) acc = fmaf(h[i], to_float(x[(b * n + i) * C + c]), acc);
  slot<__nv_bfloat16>(args, kXIn)[index] = from_float<__nv_bfloat16>(acc);
}
