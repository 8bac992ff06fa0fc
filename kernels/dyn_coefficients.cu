// dyn_coefficients: the dynamic path's mixing coefficients from the projection (MATH.md):
//   logits = alpha[group] * proj / r + bias,  r = sqrt(sumsq / (n*C) + rms_eps)
//   h_pre = sigmoid(logits_pre) + pre_eps; h_post = post_mult * sigmoid(logits_post);
//   h_res = Sinkhorn(logits_res) (paper or production convention, t_max = sinkhorn_iters).
// Parameters: N streams; MAPPING of tokens to threads; THREADS per block.
//   MAPPING 0: one thread per token; the whole n x n matrix lives in its registers (n <= 8).
//   MAPPING 1: one warp per token; lane r holds row r, column sums are 32-lane butterflies.
//   MAPPING 2: n lanes per token, 32/n tokens per warp (n <= 16): the same code with n-lane groups,
//              so small n does not leave 32 - n lanes of every warp idle.
// Bytes it must move: read B*(m+1)*4 (+ alpha, bias), write B*m*4; m = n*n + 2n.
// Design: the step is latency-bound (20 dependent normalisations per token), so the choice is how
// many tokens run in parallel per warp against how much each token's chain costs: a lone thread has
// no communication but serial n*n work per step; a lane per row makes rows free and columns cost
// log2(group) shuffles each.
#include "common/dyn_coefficients.cuh"

using namespace mhc_dev;

// MAPPING 0: the thread owns the token; M[i][j] all in registers (fully unrolled over N).
template <int N>
__device__ __forceinline__ void token_coefficients_one_thread(const MhcLayerArgs& a, long long b) {
  constexpr int M = N * N + 2 * N;
  const float* proj = slot<float>(a, kProj) + b * M;
  const float* alpha = slot<float>(a, kAlpha);
  const float* bias = slot<float>(a, kBias);
  const float inv_r = dyn_inverse_rms<N>(a, slot<float>(a, kSumsq)[b]);
  const float eps = a.sinkhorn_eps;
#pragma unroll
  for (int i = 0; i < N; ++i) {
    slot<float>(a, kHPre)[b * N + i] =
        dyn_sigmoid(alpha[0] * proj[i] * inv_r + bias[i]) + a.pre_eps;
    slot<float>(a, kHPost)[b * N + i] =
        a.post_mult * dyn_sigmoid(alpha[1] * proj[N + i] * inv_r + bias[N + i]);
  }
  float h[N][N];
#pragma unroll
  for (int i = 0; i < N; ++i)
#pragma unroll
    for (int j = 0; j < N; ++j) {
      const int k = 2 * N + i * N + j;
      h[i][j] = alpha[2] * proj[k] * inv_r + bias[k];
    }
  auto normalise_rows = [&] {
#pragma unroll
    for (int i = 0; i < N; ++i) normalise_row<N>(h[i], eps);
  };
  auto normalise_cols = [&] {
#pragma unroll
    for (int j = 0; j < N; ++j) {
      float sum = eps;
#pragma unroll
      for (int i = 0; i < N; ++i) sum += h[i][j];
      const float inv = __fdividef(1.0f, sum);
#pragma unroll
      for (int i = 0; i < N; ++i) h[i][j] *= inv;
    }
  };
  if (a.convention == 1) {
#pragma unroll
    for (int i = 0; i < N; ++i) {
      float row_max = h[i][0];
#pragma unroll
      for (int j = 1; j < N; ++j) row_max = fmaxf(row_max, h[i][j]);
      float sum = 0.0f;
#pragma unroll
      for (int j = 0; j < N; ++j) sum += (h[i][j] = expf(h[i][j] - row_max));
      const float inv = __fdividef(1.0f, sum);
#pragma unroll
      for (int j = 0; j < N; ++j) h[i][j] = h[i][j] * inv + eps;
    }
    normalise_cols();
  } else {
#pragma unroll
    for (int i = 0; i < N; ++i)
#pragma unroll
      for (int j = 0; j < N; ++j) h[i][j] = expf(h[i][j]);
  }
  const int pairs = a.convention == 1 ? a.sinkhorn_iters - 1 : a.sinkhorn_iters;
  for (int t = 0; t < pairs; ++t) {
    normalise_rows();
    normalise_cols();
  }
  float* h_res = slot<float>(a, kHRes) + b * N * N;
#pragma unroll
  for (int i = 0; i < N; ++i)
#pragma unroll
    for (int j = 0; j < N; j += 4) {
      const float part[4] = {h[i][j], h[i][j + 1], h[i][j + 2], h[i][j + 3]};
      store_floats<float, 4>(h_res + i * N + j, part);
    }
}

template <int N, int MAPPING, int THREADS>
__global__ void __launch_bounds__(THREADS) mhc_dyn_coefficients(const MhcLayerArgs args) {
  static_assert(MAPPING != 0 || N <= 8, "one thread per token holds n*n floats: n <= 8");
  static_assert(MAPPING != 2 || N <= 16, "n-lane groups: n <= 16 (n = 32 is MAPPING 1)");
  static_assert(THREADS % 32 == 0, "whole warps");
  if constexpr (MAPPING == 0) {
    const long long b = static_cast<long long>(blockIdx.x) * THREADS + threadIdx.x;
    if (b < args.tokens) token_coefficients_one_thread<N>(args, b);  // no collectives: may diverge
  } else {
    constexpr int G = MAPPING == 1 ? 32 : N;
    constexpr int M = N * N + 2 * N;
    const long long b = static_cast<long long>(blockIdx.x) * (THREADS / G) + threadIdx.x / G;
    const bool valid = b < args.tokens;  // the whole warp runs on: shuffles need every lane
    const long long row = valid ? b : 0;
    const float* proj = slot<float>(args, kProj) + row * M;
    const float sumsq = valid ? slot<float>(args, kSumsq)[row] : 1.0f;
    dyn_token_coefficients<N, G>(args, proj, sumsq, b, static_cast<int>(threadIdx.x % G), valid);
  }
}
