// dyn_splitk_coeff_pre: the production convention's second kernel (FlashInfer's mhc_pre_big_fuse):
// per block of TOKENS tokens,
//   proj[b, j] = sum_s partial[s][b][j], sumsq[b] = sum_s partial[s][b][m]   (s = 0, 1, ... in
//   order) h_pre, h_post, h_res from proj, sumsq, alpha, bias (Sinkhorn in-block, a warp per token)
//   x_in[b, c] = sum_i h_pre[b, i] * x[b, i, c]
// writing proj, sumsq, h_pre, h_post, h_res and x_in. The partials come from dyn_projection_splitk
// through the workspace ([int splits, 3 ints][splits][B][m + 1] floats); the split count is read
// from its header, so the two ops tune independently.
// Parameters: T residual type; N streams; THREADS per block; VEC channels per thread in the
// pre-aggregate; TOKENS per block.
// Bytes it must move: read splits*B*(m+1)*4 + B*n*C*s, write B*(m+1)*4 + B*(n*n+2n)*4 + B*C*2.
// Design: the reduction of partials, the coefficients and the pre-aggregate each need the previous
// one per token only, so one block per few tokens does all three with shared memory in between;
// the fixed summation order makes the pair deterministic where split-K atomics are not.
#include "common/dyn_block_pre.cuh"

using namespace mhc_dev;

// __launch_bounds__(..., 1): without a minimum, ptxas trades a few bytes of spills for occupancy;
// the tuner picks occupancy through the block shape instead, and the ops' register estimates
// keep every valid point within 64K / threads.
template <typename T, int N, int THREADS, int VEC, int TOKENS>
__global__ void __launch_bounds__(THREADS, 1) mhc_dyn_splitk_coeff_pre(const MhcLayerArgs args) {
  constexpr int M = N * N + 2 * N;
  __shared__ float proj_s[TOKENS * M];
  __shared__ float sumsq_s[TOKENS];
  __shared__ float hpre_s[TOKENS * N];

  const long long B = args.tokens;
  const long long K = N * args.hidden;
  const long long token0 = static_cast<long long>(blockIdx.x) * TOKENS;
  const int splits = *static_cast<const int*>(args.workspace);
  const float* partial = static_cast<const float*>(args.workspace) + 4;
  float* proj = slot<float>(args, kProj);
  float* sumsq = slot<float>(args, kSumsq);
  for (int e = threadIdx.x; e < TOKENS * (M + 1); e += THREADS) {
    const int t = e / (M + 1), j = e % (M + 1);  // consecutive threads: consecutive j (coalesced)
    const long long b = token0 + t;
    float sum = 0.0f;
    if (b < B)
      for (int s = 0; s < splits; ++s) sum += partial[(s * B + b) * (M + 1) + j];
    if (j < M) {
      proj_s[t * M + j] = sum;
      if (b < B) proj[b * M + j] = sum;
    } else {
      sumsq_s[t] = sum;
      if (b < B) sumsq[b] = sum;
    }
  }
  __syncthreads();
  dyn_block_coefficients_pre<T, N, THREADS, VEC, TOKENS>(args, token0, proj_s, sumsq_s, hpre_s,
                                                         slot<T>(args, kX) + token0 * K, K);
}
