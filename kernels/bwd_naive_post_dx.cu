// bwd_naive_post_dx: naive baseline step, the mixing einsum's gradient to the residual:
//   d_x[b,j,c] = sum_i c(i,j) d_x_next[b,i,c]     (c(i,j): paper H_res[i,j], production H_res[j,i])
// It WRITES d_x (the first of the naive pipeline's three d_x steps; the others accumulate).
// Parameters: T residual type; N streams. Grid: (B*n rows, ceil(C / 256)), 256 threads.
// Bytes it must move: read B*n*C*s, write B*n*C*s (the stream row is re-read n times via L1/L2).
// Design: one thread per output element, as an eager framework's batched matmul over n streams.
#include "common/bwd_naive.cuh"

using namespace mhc_dev;

template <typename T, int N>
__global__ void __launch_bounds__(256) mhc_bwd_naive_post_dx(const MhcLayerArgs args) {
  const long long C = args.hidden, row = blockIdx.x, b = row / N;
  const int j = static_cast<int>(row % N);
  const long long c = static_cast<long long>(blockIdx.y) * 256 + threadIdx.x;
  if (c >= C) return;
  const float* h = slot<float>(args, kHRes) + h_row(args, b) * N * N;
  const T* dxn = slot<T>(args, kDXNext) + b * N * C + c;
  float v = 0.0f;
#pragma unroll
  for (int i = 0; i < N; ++i)
    v = fmaf(h[bwd_mix_index(args.convention, N, i, j)], to_float(dxn[i * C]), v);
  slot<T>(args, kDX)[row * C + c] = from_float<T>(v);
}
