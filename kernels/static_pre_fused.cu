// static_pre_fused: the static path's coefficients and pre step in one launch (MATH.md):
//   H_pre = sigmoid(h_static[0:n]) + pre_eps;  x_in[b,c] = sum_i H_pre[i] * x[b,i,c]  (bf16)
// and block 0 also writes h_pre, h_post and h_res (post_mix reads them).
// Parameters: T residual type; N streams; THREADS per block; VEC channels per thread; TOKENS per
// block.
// Bytes it must move: read B*n*C*s (x) + m*4 (h_static), write B*C*2 (x_in) + m*4.
// Design: the aggregation needs only H_pre, n sigmoids, so every block computes those itself and
// no coefficient launch precedes it. The Sinkhorn for H_res (2 * t_max dependent steps) runs in
// warp 0 of block 0 only, before that warp takes its share of the aggregation, while the other
// warps and blocks already stream x; recomputing it in every block would only add latency.
#include "common/shared_coefficients.cuh"
#include "common/shared_pre.cuh"

using namespace mhc_dev;

template <typename T, int N, int THREADS, int VEC, int TOKENS>
__global__ void __launch_bounds__(THREADS) mhc_static_pre_fused(const MhcLayerArgs args) {
  __shared__ float h_pre[N];
  const float* logits = slot<float>(args, kHStatic);
  if (threadIdx.x < N) h_pre[threadIdx.x] = pre_activation(args, logits[threadIdx.x]);
  __shared__ SinkhornMatrix<N> matrix;  // used by block 0 only
  if (blockIdx.x == 0 && threadIdx.x < 32) write_static_coefficients<N>(args, matrix);
  __syncthreads();

  const long long token0 = static_cast<long long>(blockIdx.x) * TOKENS;
  const int tokens_here =
      static_cast<int>(min(static_cast<long long>(TOKENS), args.tokens - token0));
  aggregate_tokens<T, N, THREADS, VEC>(args, token0, tokens_here, SameHRow{h_pre});
}
