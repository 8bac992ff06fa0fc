// dyn_fused_pre: the whole dynamic pre step in one kernel (the "big fuse", after FlashInfer's
// mhc_pre_big_fuse and mhc-mlx's fused kernel): per block of TOKENS tokens,
//   proj = x @ phi and sumsq (CUDA cores, common/dyn_core_projection.cuh)
//   h_pre, h_post, h_res from proj, sumsq, alpha, bias (Sinkhorn in-block, a warp per token)
//   x_in[b, c] = sum_i h_pre[b, i] * x[b, i, c]
// writing proj, sumsq, h_pre, h_post, h_res and x_in; three launches become one.
// Parameters: T residual type; N streams; THREADS per block; VEC values per packed load; TOKENS per
// block; HOLD: 1 keeps the tokens' x (TOKENS*n*C*sizeof(T) bytes of dynamic shared memory) so the
// pre-aggregate reads it from shared memory and x leaves DRAM/L2 once; 0 streams x in chunks and
// the pre-aggregate re-reads it (the block read it moments before, so mostly from L2).
// Bytes it must move: read B*n*C*s + n*C*m*4, write B*(m+1)*4 + B*(n*n+2n)*4 + B*C*2.
// Design: a block must own whole tokens (the coefficients need all m logits), so it cannot split K
// across blocks; the work per token is m dot products of length n*C: 24 x 5120 for n = 4, but
// 1088 x 40960 for n = 32, where B / TOKENS blocks re-reading a 178 MB phi cannot keep up with a
// split GEMM. The op is built for n <= 8; its HOLD = 0 default stays correct for every shape.
#include "common/dyn_block_pre.cuh"
#include "common/dyn_core_projection.cuh"

using namespace mhc_dev;

// __launch_bounds__(..., 1): without a minimum, ptxas trades a few bytes of spills for occupancy;
// the tuner picks occupancy through the block shape instead, and the ops' register estimates
// keep every valid point within 64K / threads.
template <typename T, int N, int THREADS, int VEC, int TOKENS, int HOLD>
__global__ void __launch_bounds__(THREADS, 1) mhc_dyn_fused_pre(const MhcLayerArgs args) {
  constexpr int M = N * N + 2 * N;
  constexpr int P = M < THREADS ? M : THREADS;
  constexpr int CPT = (M + P - 1) / P;  // every column in one block
  using Tile = CoreProjection<T, N, THREADS, VEC, TOKENS, CPT>;
  // HOLD: x lives in dynamic shared memory; the static buffer only serves the k-lane reduction.
  constexpr int TILE_BYTES =
      HOLD ? (Tile::RED_BYTES > 16 ? Tile::RED_BYTES : 16) : Tile::SHARED_BYTES;
  __shared__ __align__(16) unsigned char tile_smem[TILE_BYTES];
  extern __shared__ __align__(16) unsigned char held_smem[];
  __shared__ float part[Tile::WARPS * TOKENS];
  __shared__ float proj_s[TOKENS * M];
  __shared__ float sumsq_s[TOKENS];
  __shared__ float hpre_s[TOKENS * N];

  const long long K = N * args.hidden;
  const long long B = args.tokens;
  const long long token0 = static_cast<long long>(blockIdx.x) * TOKENS;
  T* xs = HOLD ? reinterpret_cast<T*>(held_smem) : reinterpret_cast<T*>(tile_smem);

  float acc[CPT][TOKENS];
  float ss[TOKENS];
#pragma unroll
  for (int t = 0; t < TOKENS; ++t) {
    ss[t] = 0.0f;
#pragma unroll
    for (int c = 0; c < CPT; ++c) acc[c][t] = 0.0f;
  }
  Tile::run(args, token0, 0, K, 0, xs, HOLD != 0, acc, ss);
  Tile::reduce_lanes(reinterpret_cast<float*>(tile_smem), acc);
  const float total = Tile::reduce_sumsq(part, ss);

  if (threadIdx.x < TOKENS) {
    sumsq_s[threadIdx.x] = total;
    if (token0 + threadIdx.x < B) slot<float>(args, kSumsq)[token0 + threadIdx.x] = total;
  }
  if (threadIdx.x < P) {
    float* proj = slot<float>(args, kProj);
#pragma unroll
    for (int c = 0; c < CPT; ++c) {
      const int j = c * P + threadIdx.x;
      if (j >= M) continue;
#pragma unroll
      for (int t = 0; t < TOKENS; ++t) {
        proj_s[t * M + j] = acc[c][t];
        if (token0 + t < B) proj[(token0 + t) * M + j] = acc[c][t];
      }
    }
  }
  __syncthreads();

  const T* x_tokens = HOLD ? reinterpret_cast<const T*>(held_smem) : slot<T>(args, kX) + token0 * K;
  dyn_block_coefficients_pre<T, N, THREADS, VEC, TOKENS>(args, token0, proj_s, sumsq_s, hpre_s,
                                                         x_tokens, K);
}
