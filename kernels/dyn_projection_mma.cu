// dyn_projection_mma: the dynamic path's projection on tensor cores, and the sum of squares in the
// same pass:
//   proj[b, j] = sum_k x[b, k] * phi[k, j]   (raw x, K = n*C; tf32 products, f32 accumulation)
//   sumsq[b]   = sum_k x[b, k]^2             (CUDA cores, unrounded x)
// PRECISION: tf32 mma.sync rounds x and phi to 10-bit mantissas: proj is good to ~1e-3 relative
// (the op declares MathPrecision::tf32 and is verified with tf32 bounds).
// Parameters: T residual type; N streams; MT 16-token m-tiles and NT 8-column n-tiles per warp; WN
// warps across columns (they share the staged x tile); WK warps splitting each chunk's K (summed in
// shared memory). Grid: (ceil(B / 16MT), split_k, ceil(m / 8NT*WN)). With split_k > 1 blocks add
// into proj and sumsq with atomicAdd (cleared first by the runner; not deterministic).
// Bytes it must move: read B*n*C*s (x) + n*C*m*4 (phi), write B*(m+1)*4.
// Design: for n = 32 (m = 1088, K = 40960) the projection is a real GEMM, 11 GFLOP at B = 128,
// that CUDA cores cannot feed; tokens are the MMA's M side because m, not B, is fixed per model.
// Engine: common/dyn_tf32_projection.cuh.
#include "common/dyn_tf32_projection.cuh"

using namespace mhc_dev;

// __launch_bounds__(..., 1): without a minimum, ptxas trades a few bytes of spills for occupancy;
// the tuner picks occupancy through the block shape instead, and the ops' register estimates
// keep every valid point within 64K / threads.
template <typename T, int N, int MT, int NT, int WN, int WK>
__global__ void __launch_bounds__(32 * WN * WK, 1) mhc_dyn_projection_mma(const MhcLayerArgs args) {
  using Tile = Tf32Projection<T, N, MT, NT, WN, WK>;
  constexpr int M = Tile::M;
  float acc[MT][NT][4] = {};
  const float total = Tile::run_split(args, acc);

  const bool accumulate = gridDim.y > 1;
  const long long B = args.tokens;
  const long long token0 = Tile::token0();
  if (blockIdx.z == 0 && threadIdx.x < Tile::BM && token0 + threadIdx.x < B) {
    float* out = slot<float>(args, kSumsq) + token0 + threadIdx.x;
    if (accumulate)
      atomicAdd(out, total);
    else
      *out = total;
  }
  const int warp = threadIdx.x / 32, lane = threadIdx.x % 32;
  if (warp / WN != 0) return;  // the wk = 0 warps hold the sums
  const int wn = warp % WN, g = lane >> 2, q = lane & 3;
  const int col_base = Tile::col_base();
  float* proj = slot<float>(args, kProj);
#pragma unroll
  for (int nj = 0; nj < NT; ++nj) {
    const int col = col_base + (wn * NT + nj) * 8 + 2 * q;  // col + 1 < m when col < m
    if (col >= M) break;
#pragma unroll
    for (int mi = 0; mi < MT; ++mi)
#pragma unroll
      for (int h = 0; h < 2; ++h) {
        const long long b = token0 + mi * 16 + g + 8 * h;
        if (b >= B) continue;
        float* out = proj + b * M + col;
        if (accumulate) {
          atomicAdd(out, acc[mi][nj][2 * h]);
          atomicAdd(out + 1, acc[mi][nj][2 * h + 1]);
        } else {
          out[0] = acc[mi][nj][2 * h];
          out[1] = acc[mi][nj][2 * h + 1];
        }
      }
  }
}
