// bwd_dyn_coefficients: the backward of the dynamic path's coefficient step, per token
// (src/reference/coefficients.cpp, dynamic_projection.cpp). From d_h_pre, d_h_post, d_h_res and the
// saved proj and sumsq (the logits are recomputed: a_j = alpha_g proj_j / r + bias_j):
//   da = sigmoid' / Sinkhorn backward of d_H          (common/bwd_sinkhorn.cuh)
//   d_proj_j = alpha_g da_j / r                        d_sumsq = d_r / (2 r n C),
//   d_r = -sum_j alpha_g da_j proj_j / r^2             r = sqrt(sumsq / (n C) + rms_eps)
//   d_bias_j = sum_tokens da_j,   d_alpha_g = sum_tokens sum_{j in g} da_j proj_j / r
// Parameters: N streams; THREADS per block (THREADS / N tokens); STORED: Sinkhorn iterates stored
// in the workspace instead of rebuilt from the line sums; ATOMIC: d_bias and d_alpha added with
// atomics (NOT bit-reproducible) instead of one partial row per block for bwd_reduce_partials.
// Workspace: [partials header + rows][B x S x n x n iterates when STORED], S = 2 t_max.
// Dynamic shared memory: THREADS x 2 t_max floats of line sums when not STORED.
// Bytes it must move: read B*(m+1)*4 + B*m*4 (proj, sumsq, d_h), write B*(m+1)*4 (d_proj, d_sumsq).
// Design: the step is latency-bound (2 t_max dependent normalisations forward, as many back), so
// n lanes share a token (lane r owns row r) and a warp runs 32 / n tokens at once. The token sums
// d_bias and d_alpha go through shared memory, one column per thread in a fixed token order.
#include "common/bwd_sinkhorn.cuh"

using namespace mhc_dev;

template <int N, int THREADS, bool STORED, bool ATOMIC>
__global__ void __launch_bounds__(THREADS) mhc_bwd_dyn_coefficients(const MhcLayerArgs args) {
  constexpr int TOKENS = THREADS / N;  // per block
  constexpr int M = N * N + 2 * N;
  constexpr int W = M + 3;  // a partial row: d_bias (m) | d_alpha (3)
  static_assert(THREADS % 32 == 0 && 32 % N == 0, "whole warps, groups of n lanes");
  extern __shared__ float line_sums[];  // [TOKENS][2 t_max][N] when !STORED
  __shared__ float contrib[TOKENS * W];

  const int tid = threadIdx.x, t = tid / N, r = tid % N;
  const long long b = static_cast<long long>(blockIdx.x) * TOKENS + t;
  const bool valid = b < args.tokens;
  const long long bb = valid ? b : 0;  // tokens past B compute on token 0 and write nothing
  const float* proj = slot<float>(args, kProj) + bb * M;
  const float* bias = slot<float>(args, kBias);
  const float* alpha = slot<float>(args, kAlpha);
  const float a_pre = alpha[0], a_post = alpha[1], a_res = alpha[2];
  const float inv_r =
      1.0f /
      sqrtf(slot<float>(args, kSumsq)[bb] / (static_cast<float>(N) * args.hidden) + args.rms_eps);

  const long long rows = gridDim.x;
  const long long partial_floats = (rows * W + 3) / 4 * 4;  // keeps the iterates 16-byte aligned
  float* sums = line_sums + t * (2 * args.sinkhorn_iters) * N;
  float* iterates = bwd_partials(args) + partial_floats +
                    bb * static_cast<long long>(2 * args.sinkhorn_iters) * N * N;

  float logits[N], d_out[N], grad[N];
#pragma unroll
  for (int j = 0; j < N; ++j) {
    const int q = 2 * N + r * N + j;
    logits[j] = a_res * proj[q] * inv_r + bias[q];
    d_out[j] = slot<float>(args, kDHRes)[bb * N * N + r * N + j];
  }
  bwd_sinkhorn_row<N, STORED>(args, logits, d_out, grad, r, valid, sums, iterates);

  const float s_pre = bwd_sigmoid(a_pre * proj[r] * inv_r + bias[r]);
  const float s_post = bwd_sigmoid(a_post * proj[N + r] * inv_r + bias[N + r]);
  const float g_pre = slot<float>(args, kDHPre)[bb * N + r] * s_pre * (1.0f - s_pre);
  const float g_post =
      slot<float>(args, kDHPost)[bb * N + r] * args.post_mult * s_post * (1.0f - s_post);

  // Through logits = alpha * proj / r + bias: each group's share of d_alpha, and d_r.
  float c_pre = g_pre * proj[r] * inv_r, c_post = g_post * proj[N + r] * inv_r, c_res = 0.0f;
#pragma unroll
  for (int j = 0; j < N; ++j) c_res = fmaf(grad[j], proj[2 * N + r * N + j] * inv_r, c_res);
  float d_r = -(a_pre * c_pre + a_post * c_post + a_res * c_res) * inv_r;
  c_pre = bwd_group_sum<N>(c_pre);
  c_post = bwd_group_sum<N>(c_post);
  c_res = bwd_group_sum<N>(c_res);
  d_r = bwd_group_sum<N>(d_r);

  if (valid) {
    float* d_proj = slot<float>(args, kDProj) + b * M;
    d_proj[r] = a_pre * g_pre * inv_r;
    d_proj[N + r] = a_post * g_post * inv_r;
#pragma unroll
    for (int j = 0; j < N; ++j) d_proj[2 * N + r * N + j] = a_res * grad[j] * inv_r;
    if (r == 0)
      slot<float>(args, kDSumsq)[b] = d_r * inv_r / (2.0f * static_cast<float>(N) * args.hidden);
  }

  float* mine = contrib + t * W;
  mine[r] = valid ? g_pre : 0.0f;
  mine[N + r] = valid ? g_post : 0.0f;
#pragma unroll
  for (int j = 0; j < N; ++j) mine[2 * N + r * N + j] = valid ? grad[j] : 0.0f;
  if (r == 0) {
    mine[M] = valid ? c_pre : 0.0f;
    mine[M + 1] = valid ? c_post : 0.0f;
    mine[M + 2] = valid ? c_res : 0.0f;
  }
  if constexpr (!ATOMIC) {
    if (blockIdx.x == 0 && tid == 0) {
      const int slots[4] = {kDBias, kDAlpha, 0, 0}, offsets[4] = {0, M, 0, 0},
                lengths[4] = {M, 3, 0, 0};
      bwd_write_partials_header(args, static_cast<int>(rows), W, 2, slots, offsets, lengths);
    }
  }
  __syncthreads();
  for (int col = tid; col < W; col += THREADS) {  // the block's tokens, in order
    float total = 0.0f;
#pragma unroll
    for (int k = 0; k < TOKENS; ++k) total += contrib[k * W + col];
    if constexpr (ATOMIC) {
      atomicAdd(col < M ? slot<float>(args, kDBias) + col : slot<float>(args, kDAlpha) + (col - M),
                total);
    } else {
      bwd_partials(args)[blockIdx.x * W + col] = total;
    }
  }
}
