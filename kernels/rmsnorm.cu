// rmsnorm: the stand-in for the wrapped layer F (MATH.md): an RMSNorm with a learned weight,
//   f[b,c] = x_in[b,c] / sqrt(mean_c x_in[b,c]^2 + rms_eps) * rms_weight[c]   (bf16 in and out).
// Parameters: THREADS per block; VEC channels per thread (one packed access); ITEMS channel groups
// per thread kept in registers between the two passes; PER_WARP 0: a block owns a token, 1: a warp
// owns a token (THREADS / 32 tokens per block).
// Bytes it must move: read B*C*2 (x_in) + C*4 (weight), write B*C*2 (f).
// Design: the mapping is the tuning question. A block per token spreads a long row over many
// threads but pays a barrier for the sum; a warp per token reduces with shuffles only and suits
// short rows and many tokens. Either way a row of up to team * ITEMS * VEC channels is read once.
#include "common/shared_pre.cuh"

using namespace mhc_dev;

template <int THREADS, int VEC, int ITEMS, int PER_WARP>
__global__ void __launch_bounds__(THREADS) mhc_rmsnorm(const MhcLayerArgs args) {
  constexpr int TEAM = PER_WARP ? 32 : THREADS;
  __shared__ float scratch[THREADS / 32];
  const long long b = static_cast<long long>(blockIdx.x) * (THREADS / TEAM) + threadIdx.x / TEAM;
  // Past the last token only in warp mode (a block-per-token grid is exactly B); no barrier
  // follows, so the warp may leave.
  if (b >= args.tokens) return;
  const StoredXIn<VEC> source{slot<__nv_bfloat16>(args, kXIn) + b * args.hidden};
  rmsnorm_token<TEAM, VEC, ITEMS>(args, b, threadIdx.x % TEAM, scratch, source);
}
