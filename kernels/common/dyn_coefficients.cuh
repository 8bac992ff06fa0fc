// The dynamic path's coefficient math for one token, shared by dyn_coefficients.cu and the fused
// kernels (dyn_fused_pre.cu, dyn_splitk_coeff_pre.cu), so every kernel computes H the same way:
//   r = sqrt(sumsq / (n*C) + rms_eps); a_j = alpha[group(j)] * proj_j / r + bias_j
//   h_pre = sigmoid(a_pre) + pre_eps; h_post = post_mult * sigmoid(a_post); h_res = Sinkhorn(a_res)
// Sinkhorn in both conventions (src/reference/sinkhorn.hpp):
//   paper:      M = exp(L); t_max times { rows /= (row sum + eps); cols /= (col sum + eps) }
//   production: M = row_softmax(L) + eps; cols; then t_max - 1 times { rows; cols }
// Divisions use __fdividef (MUFU.RCP and a multiply, ~2 ulp) and the RMS rsqrtf: IEEE '/' and
// sqrtf carry a called slow path whose register saves show up as local-memory spills, and every
// denominator here is a sum >= eps, far from the slow path's range.
// Layout: a group of G lanes (G a power of two, N <= G <= 32) owns one token and lane r holds row r
// of the N x N matrix in registers; rows are normalised without communication and column sums are
// butterfly reductions over the group, which are deterministic. Lanes r >= N hold zero rows, which
// stay zero (0 / (0 + eps) = 0) and add nothing to column sums.
#pragma once
#include "common/mhc_device.cuh"

namespace mhc_dev {

__device__ __forceinline__ float dyn_sigmoid(float z) {
  return __fdividef(1.0f, 1.0f + expf(-z));
}

// Sum over the G lanes of an aligned group; every lane of the warp must call it (full mask).
template <int G>
__device__ __forceinline__ float group_sum(float v) {
#pragma unroll
  for (int offset = G / 2; offset > 0; offset >>= 1) v += __shfl_xor_sync(0xffffffffu, v, offset);
  return v;
}

template <int N>
__device__ __forceinline__ void normalise_row(float (&row)[N], float eps) {
  float sum = eps;
#pragma unroll
  for (int j = 0; j < N; ++j) sum += row[j];
  const float inv = __fdividef(1.0f, sum);
#pragma unroll
  for (int j = 0; j < N; ++j) row[j] *= inv;
}

template <int N, int G>
__device__ __forceinline__ void normalise_columns(float (&row)[N], float eps) {
#pragma unroll
  for (int j = 0; j < N; ++j) row[j] = __fdividef(row[j], group_sum<G>(row[j]) + eps);
}

// Lane r of the group holds row r of the logits on entry and row r of H_res on exit. `active` is
// false for lanes r >= N and for tokens past B; their rows must be zero on entry.
template <int N, int G>
__device__ __forceinline__ void sinkhorn_group(float (&row)[N], bool active, int convention,
                                               int iters, float eps) {
  if (convention == 1) {
    if (active) {
      float row_max = row[0];
#pragma unroll
      for (int j = 1; j < N; ++j) row_max = fmaxf(row_max, row[j]);
      float sum = 0.0f;
#pragma unroll
      for (int j = 0; j < N; ++j) sum += (row[j] = expf(row[j] - row_max));
      const float inv = __fdividef(1.0f, sum);
#pragma unroll
      for (int j = 0; j < N; ++j) row[j] = row[j] * inv + eps;
    }
    normalise_columns<N, G>(row, eps);
  } else if (active) {
#pragma unroll
    for (int j = 0; j < N; ++j) row[j] = expf(row[j]);
  }
  const int pairs = convention == 1 ? iters - 1 : iters;
  for (int t = 0; t < pairs; ++t) {
    if (active) normalise_row<N>(row, eps);
    normalise_columns<N, G>(row, eps);
  }
}

// 1 / r for a token: the RMS over its n*C values.
template <int N>
__device__ __forceinline__ float dyn_inverse_rms(const MhcLayerArgs& a, float sumsq) {
  const float mean = __fdividef(sumsq, static_cast<float>(N) * static_cast<float>(a.hidden));
  return rsqrtf(mean + a.rms_eps);
}

// The coefficients of one token computed by a group of G lanes; lane r < N writes h_pre[r],
// h_post[r] and row r of h_res, and returns h_pre[r] (0 elsewhere) for a following pre-aggregate.
// proj points at the token's m logits (global or shared memory). Every lane of the warp must call
// it; `valid` is false for tokens past B (they compute on zeros and write nothing).
template <int N, int G>
__device__ __forceinline__ float dyn_token_coefficients(const MhcLayerArgs& a, const float* proj,
                                                        float sumsq, long long token, int r,
                                                        bool valid) {
  const bool active = valid && r < N;
  const float* alpha = slot<float>(a, kAlpha);
  const float* bias = slot<float>(a, kBias);
  float row[N];
  float h_pre = 0.0f;
  if (active) {
    const float inv_r = dyn_inverse_rms<N>(a, sumsq);
    h_pre = dyn_sigmoid(alpha[0] * proj[r] * inv_r + bias[r]) + a.pre_eps;
    const float h_post = a.post_mult * dyn_sigmoid(alpha[1] * proj[N + r] * inv_r + bias[N + r]);
    slot<float>(a, kHPre)[token * N + r] = h_pre;
    slot<float>(a, kHPost)[token * N + r] = h_post;
    const int base = 2 * N + r * N;
#pragma unroll
    for (int j = 0; j < N; ++j) row[j] = alpha[2] * proj[base + j] * inv_r + bias[base + j];
  } else {
#pragma unroll
    for (int j = 0; j < N; ++j) row[j] = 0.0f;
  }
  sinkhorn_group<N, G>(row, active, a.convention, a.sinkhorn_iters, a.sinkhorn_eps);
  if (active) {
    float* h_res = slot<float>(a, kHRes) + (token * N + r) * N;
#pragma unroll
    for (int j = 0; j < N; j += 4) {  // N is a multiple of 4: 16-byte stores
      const float part[4] = {row[j], row[j + 1], row[j + 2], row[j + 3]};
      store_floats<float, 4>(h_res + j, part);
    }
  }
  return h_pre;
}

}  // namespace mhc_dev
