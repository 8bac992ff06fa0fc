// pre_aggregate: the pre step of an mHC layer (MATH.md): F's input is the H_pre-weighted sum of the
// n residual streams,  x_in[b,c] = sum_i H_pre[b,i] * x[b,i,c]  (stored bf16, accumulated in f32).
// Parameters: T residual type; N streams; THREADS per block; VEC channels per thread, moved as one
// packed access; TOKENS per block.
// Bytes it must move: read B*n*C*s (x) + the H_pre rows, write B*C*2 (x_in).
// Design: a thread owns VEC consecutive channels of one token and walks the N streams with N
// independent packed loads, so x is read exactly once and coalesced. The block's (token, channel
// group) pairs are spread over its threads as one flat range, so several tokens per block keep
// every thread busy when C is small; the blocks' H_pre rows are staged in shared memory.
#include "common/shared_pre.cuh"

using namespace mhc_dev;

template <typename T, int N, int THREADS, int VEC, int TOKENS>
__global__ void __launch_bounds__(THREADS) mhc_pre_aggregate(const MhcLayerArgs args) {
  __shared__ float h_pre[TOKENS][N];
  const long long token0 = static_cast<long long>(blockIdx.x) * TOKENS;
  const int tokens_here =
      static_cast<int>(min(static_cast<long long>(TOKENS), args.tokens - token0));
  const float* h_pre_all = slot<float>(args, kHPre);
  for (int e = threadIdx.x; e < tokens_here * N; e += THREADS)
    h_pre[e / N][e % N] = h_pre_all[h_row(args, token0 + e / N) * N + e % N];
  __syncthreads();

  aggregate_tokens<T, N, THREADS, VEC>(args, token0, tokens_here, h_pre);
}
