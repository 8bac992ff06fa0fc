// static_pre_rmsnorm_fused: the static path's whole pre side in one launch (MATH.md):
//   H_pre = sigmoid(h_static[0:n]) + pre_eps;  x_in[b,c] = sum_i H_pre[i] * x[b,i,c]  (bf16)
//   f[b,c] = x_in[b,c] / sqrt(mean_c x_in[b,c]^2 + rms_eps) * rms_weight[c]  (bf16)
// and block 0 also writes h_pre, h_post and h_res, so the static forward is this plus post_mix.
// Parameters: T residual type; N streams; THREADS per block; VEC channels per thread; ITEMS channel
// groups per thread kept in registers; PER_WARP 0: a block owns a token, 1: a warp owns a token.
// Bytes it must move: read B*n*C*s (x) + C*4 (weight) + m*4, write 2*B*C*2 (x_in, f) + m*4.
// Design: pre_rmsnorm_fused's single pass (x_in kept in registers for the norm) with static_pre_
// fused's coefficient handling: each block computes the n sigmoids it needs, and only warp 0 of
// block 0 runs the Sinkhorn and writes the H rows, before its own token.
#include "common/shared_coefficients.cuh"
#include "common/shared_pre.cuh"

using namespace mhc_dev;

template <typename T, int N, int THREADS, int VEC, int ITEMS, int PER_WARP>
__global__ void __launch_bounds__(THREADS) mhc_static_pre_rmsnorm_fused(const MhcLayerArgs args) {
  constexpr int TEAM = PER_WARP ? 32 : THREADS;
  __shared__ float h_pre[N];
  __shared__ float scratch[THREADS / 32];
  const float* logits = slot<float>(args, kHStatic);
  if (threadIdx.x < N) h_pre[threadIdx.x] = pre_activation(args, logits[threadIdx.x]);
  __shared__ SinkhornMatrix<N> matrix;  // used by block 0 only
  if (blockIdx.x == 0 && threadIdx.x < 32) write_static_coefficients<N>(args, matrix);
  __syncthreads();

  const long long C = args.hidden;
  const long long b = static_cast<long long>(blockIdx.x) * (THREADS / TEAM) + threadIdx.x / TEAM;
  // Past the last token only in warp mode (a block-per-token grid is exactly B); no barrier
  // follows, so the warp may leave.
  if (b >= args.tokens) return;
  const AggregatedXIn<T, N, VEC> source{slot<T>(args, kX) + b * N * C, h_pre,
                                        slot<__nv_bfloat16>(args, kXIn) + b * C, C};
  rmsnorm_token<TEAM, VEC, ITEMS>(args, b, threadIdx.x % TEAM, scratch, source);
}
