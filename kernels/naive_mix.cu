// naive_mix (naive baseline, both paths): the residual streams mixed by H_res (the eager einsum),
//   paper:      mixed[b, i, c] = sum_j h_res[row(b), i, j] * x[b, j, c]
//   production: mixed[b, i, c] = sum_j h_res[row(b), j, i] * x[b, j, c]   (comb transposed)
// into the workspace, in f32.
// Parameters: T residual type. Launch: one thread per output element, kNaiveThreads per block.
// Bytes it must move: read B*n*C*s, write B*n*C*4.
// Design: one thread per output element; the f32 intermediate keeps the baseline's x_next as
// accurate as the tuned kernels' (a residual-dtype intermediate would round bf16 twice).
#include "common/naive_workspace.cuh"

using namespace mhc_dev;

template <typename T>
__global__ void __launch_bounds__(kNaiveThreads) mhc_naive_mix(const MhcLayerArgs args) {
  const long long n = args.streams, C = args.hidden;
  const long long index = naive_index();
  if (index >= args.tokens * n * C) return;
  const long long b = index / (n * C), i = index / C % n, c = index % C;
  const float* h = slot<float>(args, kHRes) + h_row(args, b) * n * n;
  const T* x = slot<T>(args, kX);
  const bool transposed = args.convention == 1;
  float acc = 0.0f;
  for (long long j = 0; j < n; ++j)
    acc = fmaf(transposed ? h[j * n + i] : h[i * n + j], to_float(x[(b * n + j) * C + c]), acc);
  naive_workspace(args).mixed[index] = acc;
}
