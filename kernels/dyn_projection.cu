// dyn_projection: the dynamic path's projection on CUDA cores, and the sum of squares in the same
// pass (the paper's reordering: the 1/r scale is applied later, to the m outputs):
//   proj[b, j] = sum_k x[b, k] * phi[k, j]   (raw x, k over the token's K = n*C values)
//   sumsq[b]   = sum_k x[b, k]^2
// Parameters: T residual type; N streams; THREADS per block; VEC values per packed x load; TOKENS
// per block (each phi value loaded is used TOKENS times); CPT column passes per block (grid.z
// covers the rest of the m = n*n + 2n columns). Grid: (ceil(B / TOKENS), split_k, column tiles).
// With split_k > 1 each block covers a slice of K and adds into proj and sumsq with atomicAdd (the
// op clears them first and is not deterministic); with split_k = 1 it stores.
// Bytes it must move: read B*n*C*s (x) + n*C*m*4 (phi), write B*(m+1)*4.
// Design: the shape is a skinny GEMM, [B, K] x [K, m] with m = 24 (n = 4) to 1088 (n = 32), so
// the engine (common/dyn_core_projection.cuh) gives every thread one column and lets small m split
// K across k-lanes instead; tokens per block trade registers (TOKENS*CPT accumulators) for phi
// reuse, and split_k buys parallelism when B / TOKENS blocks cannot fill the GPU.
#include "common/dyn_core_projection.cuh"
#include "common/split_k.cuh"

using namespace mhc_dev;

// __launch_bounds__(..., 1): without a minimum, ptxas trades a few bytes of spills for occupancy;
// the tuner picks occupancy through the block shape instead, and the ops' register estimates
// keep every valid point within 64K / threads.
template <typename T, int N, int THREADS, int VEC, int TOKENS, int CPT>
__global__ void __launch_bounds__(THREADS, 1) mhc_dyn_projection(const MhcLayerArgs args) {
  using Tile = CoreProjection<T, N, THREADS, VEC, TOKENS, CPT>;
  constexpr int M = Tile::M;
  __shared__ __align__(16) unsigned char tile_smem[Tile::SHARED_BYTES];
  __shared__ float part[Tile::WARPS * TOKENS];

  long long k_begin, k_end;
  block_k_range<Tile::KC>(N * args.hidden, k_begin, k_end);
  const long long token0 = static_cast<long long>(blockIdx.x) * TOKENS;
  const int col_base = blockIdx.z * Tile::COLS;

  float acc[CPT][TOKENS] = {};
  float ss[TOKENS] = {};
  Tile::run(args, token0, k_begin, k_end, col_base, reinterpret_cast<T*>(tile_smem), false, acc,
            ss);
  Tile::reduce_lanes(reinterpret_cast<float*>(tile_smem), acc);
  const float total = Tile::reduce_sumsq(part, ss);

  const bool accumulate = gridDim.y > 1;
  const long long B = args.tokens;
  if (blockIdx.z == 0 && threadIdx.x < TOKENS && token0 + threadIdx.x < B) {
    float* out = slot<float>(args, kSumsq) + token0 + threadIdx.x;
    if (accumulate)
      atomicAdd(out, total);
    else
      *out = total;
  }
  if (threadIdx.x < Tile::P) {
    float* proj = slot<float>(args, kProj);
#pragma unroll
    for (int c = 0; c < CPT; ++c) {
      const int j = col_base + c * Tile::P + threadIdx.x;
      if (j >= M) continue;
#pragma unroll
      for (int t = 0; t < TOKENS; ++t) {
        if (token0 + t >= B) break;
        float* out = proj + (token0 + t) * M + j;
        if (accumulate)
          atomicAdd(out, acc[c][t]);
        else
          *out = acc[c][t];
      }
    }
  }
}
