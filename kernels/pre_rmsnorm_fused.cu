// pre_rmsnorm_fused: the pre step and the RMSNorm stand-in for F in one pass (MATH.md):
//   x_in[b,c] = sum_i H_pre[b,i] * x[b,i,c]  (stored bf16)
//   f[b,c]    = x_in[b,c] / sqrt(mean_c x_in[b,c]^2 + rms_eps) * rms_weight[c]  (stored bf16)
// Parameters: T residual type; N streams; THREADS per block; VEC channels per thread; ITEMS channel
// groups per thread kept in registers; PER_WARP 0: a block owns a token, 1: a warp owns a token.
// Bytes it must move: read B*n*C*s (x) + C*4 (weight) + the H_pre rows, write 2*B*C*2 (x_in, f).
// Design: a team (block or warp) aggregates its token's row into registers, writing x_in on the
// way, reduces the row's sum of squares, then writes f from the registers: x_in is never read
// back from DRAM, and one launch disappears. The sum of squares is taken over the bf16-rounded
// x_in, exactly what the unfused rmsnorm would read. Groups beyond ITEMS per thread are re-read
// from the thread's own x_in writes (L1/L2), so every C is served.
#include "common/shared_pre.cuh"

using namespace mhc_dev;

template <typename T, int N, int THREADS, int VEC, int ITEMS, int PER_WARP>
__global__ void __launch_bounds__(THREADS) mhc_pre_rmsnorm_fused(const MhcLayerArgs args) {
  constexpr int TEAM = PER_WARP ? 32 : THREADS;
  constexpr int TEAMS = THREADS / TEAM;  // tokens per block
  __shared__ float h_pre[TEAMS][N];
  __shared__ float scratch[THREADS / 32];
  const long long C = args.hidden;
  const long long token0 = static_cast<long long>(blockIdx.x) * TEAMS;
  const float* h_pre_all = slot<float>(args, kHPre);
  for (int e = threadIdx.x; e < TEAMS * N; e += THREADS)
    if (token0 + e / N < args.tokens)
      h_pre[e / N][e % N] = h_pre_all[h_row(args, token0 + e / N) * N + e % N];
  __syncthreads();

  const int team = threadIdx.x / TEAM;
  const long long b = token0 + team;
  // Past the last token only in warp mode (a block-per-token grid is exactly B); no barrier
  // follows, so the warp may leave.
  if (b >= args.tokens) return;
  const AggregatedXIn<T, N, VEC> source{slot<T>(args, kX) + b * N * C, h_pre[team],
                                        slot<__nv_bfloat16>(args, kXIn) + b * C, C};
  rmsnorm_token<TEAM, VEC, ITEMS>(args, b, threadIdx.x % TEAM, scratch, source);
}
