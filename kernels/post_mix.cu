// post_mix: the post step of an mHC layer (MATH.md): distribute F's output with H_post, mix the
// residual streams with H_res, and add.
//   paper:      x_next[b,i,c] = sum_j H_res[b,i,j] * x[b,j,c] + H_post[b,i] * f[b,c]
//   production: x_next[b,i,c] = sum_j H_res[b,j,i] * x[b,j,c] + H_post[b,i] * f[b,c]
//               (the comb matrix transposed)
// Parameters: T residual type; N streams; THREADS per block; VEC channels per thread; TOKENS per
// block.
// Bytes it must move: read B*n*C*s (x) + B*C*2 (f) + the H rows, write B*n*C*s (x_next).
// Design: a thread owns VEC consecutive channels of one token and holds all N streams of them in
// registers, so every x element is read once and every output written once; the token's H (N*N+N
// floats) is staged in shared memory because every thread of the block reads all of it. The
// block's (token, channel group) pairs are one flat range over its threads (see the loop).
#include "common/mhc_device.cuh"

using namespace mhc_dev;

template <typename T, int N, int THREADS, int VEC, int TOKENS>
__global__ void __launch_bounds__(THREADS) mhc_post_mix(const MhcLayerArgs args) {
  __shared__ float h_mix[TOKENS][N * N];  // stored [out][in] whatever the convention
  __shared__ float h_post[TOKENS][N];
  const long long C = args.hidden;
  const long long token0 = static_cast<long long>(blockIdx.x) * TOKENS;
  const float* h_res_all = slot<float>(args, kHRes);
  const float* h_post_all = slot<float>(args, kHPost);
  const bool transposed = args.convention == 1;

  for (int e = threadIdx.x; e < TOKENS * N * N; e += THREADS) {
    const int t = e / (N * N), ij = e % (N * N), i = ij / N, j = ij % N;
    const long long b = token0 + t;
    if (b < args.tokens) {
      const float* h = h_res_all + h_row(args, b) * N * N;
      h_mix[t][ij] = transposed ? h[j * N + i] : h[i * N + j];
    }
  }
  for (int e = threadIdx.x; e < TOKENS * N; e += THREADS) {
    const int t = e / N, i = e % N;
    const long long b = token0 + t;
    if (b < args.tokens) h_post[t][i] = h_post_all[h_row(args, b) * N + i];
  }
  __syncthreads();

  const T* x = slot<T>(args, kX);
  const __nv_bfloat16* f = slot<__nv_bfloat16>(args, kF);
  T* x_next = slot<T>(args, kXNext);
  const int tokens_here =
      static_cast<int>(min(static_cast<long long>(TOKENS), args.tokens - token0));
  const int groups = static_cast<int>(C / VEC);  // C <= 65536
  // The block's (token, channel group) pairs as one flat range: with small C the threads of a
  // block still all have work when it holds several tokens.
  for (int e = threadIdx.x; e < tokens_here * groups; e += THREADS) {
    const int t = e / groups;
    const long long b = token0 + t;
    const long long c = static_cast<long long>(e - t * groups) * VEC;
    float xs[N][VEC];
#pragma unroll
    for (int j = 0; j < N; ++j) load_floats<T, VEC>(x + (b * N + j) * C + c, xs[j]);
    float fs[VEC];
    load_floats<__nv_bfloat16, VEC>(f + b * C + c, fs);
#pragma unroll
    for (int i = 0; i < N; ++i) {
      float out[VEC];
#pragma unroll
      for (int k = 0; k < VEC; ++k) out[k] = h_post[t][i] * fs[k];
#pragma unroll
      for (int j = 0; j < N; ++j) {
        const float h = h_mix[t][i * N + j];
#pragma unroll
        for (int k = 0; k < VEC; ++k) out[k] = fmaf(h, xs[j][k], out[k]);
      }
      store_floats<T, VEC>(x_next + (b * N + i) * C + c, out);
    }
  }
}
