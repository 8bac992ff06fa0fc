// The tail the fused pre kernels share (dyn_fused_pre.cu, dyn_splitk_coeff_pre.cu): once a block
// holds the projection and sum of squares of its TOKENS tokens in shared memory, it computes their
// coefficients (one warp per token, lane r holding row r of H_res) and then the pre-aggregate
//   x_in[b, c] = sum_i h_pre[b, i] * x[b, i, c]   (f32 accumulation, stored bf16)
// with the whole block sweeping the channels, VEC per thread, reading x from wherever the caller
// says (shared memory when the block holds the tokens, global memory / L2 otherwise).
#pragma once
#include "common/dyn_coefficients.cuh"

namespace mhc_dev {

// proj_s [TOKENS][m] and sumsq_s [TOKENS] hold the block's tokens (any values for tokens past B);
// hpre_s [TOKENS][N] is scratch. Token t's x starts at x_tokens + t * x_ld. Every thread of the
// block must call it.
template <typename T, int N, int THREADS, int VEC, int TOKENS>
__device__ __forceinline__ void dyn_block_coefficients_pre(const MhcLayerArgs& a, long long token0,
                                                           const float* proj_s,
                                                           const float* sumsq_s, float* hpre_s,
                                                           const T* x_tokens, long long x_ld) {
  constexpr int M = N * N + 2 * N;
  constexpr int WARPS = THREADS / 32;
  const int warp = threadIdx.x / 32, lane = threadIdx.x % 32;
  const long long B = a.tokens;
  for (int t = warp; t < TOKENS; t += WARPS) {  // warp-uniform: the shuffles see every lane
    const long long b = token0 + t;
    const float h = dyn_token_coefficients<N, 32>(a, proj_s + t * M, sumsq_s[t], b, lane, b < B);
    if (lane < N) hpre_s[t * N + lane] = h;
  }
  __syncthreads();

  const long long C = a.hidden;
  const long long groups = C / VEC;
  __nv_bfloat16* x_in = slot<__nv_bfloat16>(a, kXIn);
  for (int t = 0; t < TOKENS; ++t) {
    const long long b = token0 + t;
    if (b >= B) break;
    const T* xt = x_tokens + t * x_ld;
#pragma unroll 1
    for (long long g = threadIdx.x; g < groups; g += THREADS) {  // n*VEC loads in flight per step
      const long long c = g * VEC;
      float out[VEC];
#pragma unroll
      for (int v = 0; v < VEC; ++v) out[v] = 0.0f;
#pragma unroll 4
      for (int i = 0; i < N; ++i) {
        float xv[VEC];
        load_floats<T, VEC>(xt + i * C + c, xv);
        const float h = hpre_s[t * N + i];
#pragma unroll
        for (int v = 0; v < VEC; ++v) out[v] = fmaf(h, xv[v], out[v]);
      }
      store_floats<__nv_bfloat16, VEC>(x_in + b * C + c, out);
    }
  }
}

}  // namespace mhc_dev
