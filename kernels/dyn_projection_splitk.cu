// dyn_projection_splitk: the production convention's projection (DeepSeek's DeepGEMM
// tf32_hc_prenorm_gemm): per-split partial sums of proj and sumsq, written without atomics to the
// workspace for dyn_splitk_coeff_pre to reduce in a fixed order (deterministic):
//   workspace = [int splits, 3 ints padding][splits][B][m + 1] floats
//   partial[s][b][j] = sum over split s's k of x[b, k] * phi[k, j]  (j < m; tf32, f32 accumulation)
//   partial[s][b][m] = sum over split s's k of x[b, k]^2             (unrounded x)
// The split count goes into the header because the consumer is tuned separately and must not
// assume this op's split_k.
// PRECISION: tf32 mma.sync rounds x and phi to 10-bit mantissas: ~1e-3 relative
// (MathPrecision::tf32). Parameters: T residual type; N streams; MT, NT, WN, WK as in
// dyn_projection_mma. Grid: (ceil(B / 16MT), split_k, ceil(m / 8NT*WN)). Bytes it must move: read
// B*n*C*s + n*C*m*4, write split_k*B*(m+1)*4 (read again by the consumer). Design: splitting K
// gives a small B enough blocks without atomics; every block writes its whole partial tile, zeros
// included, so the workspace needs no clearing. Engine: common/dyn_tf32_projection.cuh.
#include "common/dyn_tf32_projection.cuh"

using namespace mhc_dev;

// __launch_bounds__(..., 1): without a minimum, ptxas trades a few bytes of spills for occupancy;
// the tuner picks occupancy through the block shape instead, and the ops' register estimates
// keep every valid point within 64K / threads.
template <typename T, int N, int MT, int NT, int WN, int WK>
__global__ void __launch_bounds__(32 * WN * WK, 1)
    mhc_dyn_projection_splitk(const MhcLayerArgs args) {
  using Tile = Tf32Projection<T, N, MT, NT, WN, WK>;
  constexpr int M = Tile::M;
  float acc[MT][NT][4] = {};
  const float total = Tile::run_split(args, acc);

  const long long B = args.tokens;
  const long long token0 = Tile::token0();
  int* header = static_cast<int*>(args.workspace);
  float* partial = static_cast<float*>(args.workspace) + 4 + blockIdx.y * B * (M + 1);
  if (blockIdx.x == 0 && blockIdx.y == 0 && blockIdx.z == 0 && threadIdx.x == 0)
    header[0] = static_cast<int>(gridDim.y);
  if (blockIdx.z == 0 && threadIdx.x < Tile::BM && token0 + threadIdx.x < B)
    partial[(token0 + threadIdx.x) * (M + 1) + M] = total;
  const int warp = threadIdx.x / 32, lane = threadIdx.x % 32;
  if (warp / WN != 0) return;  // the wk = 0 warps hold the sums
  const int wn = warp % WN, g = lane >> 2, q = lane & 3;
  const int col_base = Tile::col_base();
#pragma unroll
  for (int nj = 0; nj < NT; ++nj) {
    const int col = col_base + (wn * NT + nj) * 8 + 2 * q;
    if (col >= M) break;
#pragma unroll
    for (int mi = 0; mi < MT; ++mi)
#pragma unroll
      for (int h = 0; h < 2; ++h) {
        const long long b = token0 + mi * 16 + g + 8 * h;
        if (b >= B) continue;
        float* out = partial + b * (M + 1) + col;  // row stride m + 1 is odd: scalar stores
        out[0] = acc[mi][nj][2 * h];
        out[1] = acc[mi][nj][2 * h + 1];
      }
  }
}
