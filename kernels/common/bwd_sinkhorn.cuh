// The backward of the coefficient step for one H row (src/reference/coefficients.cpp,
// sinkhorn.cpp), shared by bwd_dyn_coefficients.cu and bwd_static_coefficients.cu.
//   H_pre = sigmoid(z) + pre_eps        ->  dz = dH * s (1 - s)
//   H_post = post_mult * sigmoid(z)     ->  dz = dH * post_mult * s (1 - s)
//   H_res = Sinkhorn(L): start M (paper exp(L); production row softmax P + eps), then steps that
//   divide every row or every column by its sum + eps (paper: t_max x {rows, cols}; production:
//   cols, then t_max - 1 x {rows, cols}). A step Y = X / s has the backward
//   dX_k = dY_k / s - (sum_j dY_j X_j) / s^2 = (dY_k - sum_j dY_j Y_j) / s      (per line)
//   and the start: paper dL = dM * M; production dL = P (dM - sum_k dM_k P_k) (per row).
// Layout: a group of N lanes owns one matrix, lane r holds row r in registers: row steps are local,
// column sums are butterfly shuffles over the group (deterministic).
// The backward needs every iterate, in reverse. Two ways to have them (the op's `iterates` axis):
//   STORED = false (recompute, the default): the forward pass from the saved logits keeps only the
//     line sums s of each step (S x n floats in shared memory); walking back, each iterate is
//     rebuilt from the next one, X = Y * s, so no n x n matrix is ever stored.
//   STORED = true: the forward pass writes every iterate (S x n x n floats per row) to the
//     workspace and the backward pass reads them back; the same lane writes and reads a row.
#pragma once
#include "common/bwd_reduce.cuh"

namespace mhc_dev {

__device__ __forceinline__ float bwd_sigmoid(float z) {
  return 1.0f / (1.0f + expf(-z));
}

// Normalisation steps after the start: paper 2 t_max, production 2 t_max - 1.
__device__ __forceinline__ int bwd_sinkhorn_steps(const MhcLayerArgs& a) {
  return a.convention == 1 ? 2 * a.sinkhorn_iters - 1 : 2 * a.sinkhorn_iters;
}
__device__ __forceinline__ bool bwd_step_is_row(int convention, int k) {
  return convention == 1 ? (k & 1) != 0 : (k & 1) == 0;
}

// Row r of the start matrix without the production eps: exp(L) or the row softmax P.
template <int N>
__device__ __forceinline__ void bwd_sinkhorn_start(const float (&logits)[N], int convention,
                                                   float (&m)[N]) {
  if (convention == 1) {
    float row_max = logits[0];
#pragma unroll
    for (int j = 1; j < N; ++j) row_max = fmaxf(row_max, logits[j]);
    float sum = 0.0f;
#pragma unroll
    for (int j = 0; j < N; ++j) sum += (m[j] = expf(logits[j] - row_max));
#pragma unroll
    for (int j = 0; j < N; ++j) m[j] = m[j] / sum;
  } else {
#pragma unroll
    for (int j = 0; j < N; ++j) m[j] = expf(logits[j]);
  }
}

// Lane r of an aligned group of N lanes: logits = row r of the res logits, d_out = row r of
// d_h_res; on return grad = row r of the gradient of the res logits. Every lane of the warp must
// call it (shuffles); `valid` false computes on the given values and writes no global memory.
// sums: shared [S][N] floats of this group (STORED = false); iterates: global [S][N][N] floats of
// this row (STORED = true).
template <int N, bool STORED>
__device__ __forceinline__ void bwd_sinkhorn_row(const MhcLayerArgs& a, const float (&logits)[N],
                                                 const float (&d_out)[N], float (&grad)[N], int r,
                                                 bool valid, float* sums, float* iterates) {
  const int convention = a.convention;
  const float eps = a.sinkhorn_eps;
  const int steps = bwd_sinkhorn_steps(a);
  float m[N];
  bwd_sinkhorn_start<N>(logits, convention, m);
  if (convention == 1) {
#pragma unroll
    for (int j = 0; j < N; ++j) m[j] += eps;
  }

  for (int k = 0; k < steps; ++k) {  // forward, from the saved logits
    if constexpr (STORED) {
      if (valid) {
#pragma unroll
        for (int j = 0; j < N; j += 4) {
          const float part[4] = {m[j], m[j + 1], m[j + 2], m[j + 3]};
          store_floats<float, 4>(iterates + (k * N + r) * N + j, part);
        }
      }
    }
    if (bwd_step_is_row(convention, k)) {
      float s = eps;
#pragma unroll
      for (int j = 0; j < N; ++j) s += m[j];
#pragma unroll
      for (int j = 0; j < N; ++j) m[j] = m[j] / s;
      if constexpr (!STORED) sums[k * N + r] = s;
    } else {
#pragma unroll
      for (int j = 0; j < N; ++j) {
        const float s = bwd_group_sum<N>(m[j]) + eps;
        m[j] = m[j] / s;
        if constexpr (!STORED) {
          if (j == r) sums[k * N + r] = s;  // compared, not indexed: m stays in registers
        }
      }
    }
  }
  if constexpr (!STORED) __syncwarp();  // the column sums other lanes wrote

  float dy[N];
#pragma unroll
  for (int j = 0; j < N; ++j) dy[j] = d_out[j];
  for (int k = steps - 1; k >= 0; --k) {  // backward, last step first
    const bool row_step = bwd_step_is_row(convention, k);
    if constexpr (STORED) {
      float x[N];
#pragma unroll
      for (int j = 0; j < N; j += 4) {
        float part[4] = {0.0f, 0.0f, 0.0f, 0.0f};
        if (valid) load_floats<float, 4>(iterates + (k * N + r) * N + j, part);
#pragma unroll
        for (int q = 0; q < 4; ++q) x[j + q] = part[q];
      }
      if (row_step) {
        float s = eps, dot = 0.0f;
#pragma unroll
        for (int j = 0; j < N; ++j) {
          s += x[j];
          dot = fmaf(dy[j], x[j], dot);
        }
        const float inv = 1.0f / s, corr = dot * inv * inv;
#pragma unroll
        for (int j = 0; j < N; ++j) dy[j] = dy[j] * inv - corr;
      } else {
#pragma unroll
        for (int j = 0; j < N; ++j) {
          const float s = bwd_group_sum<N>(x[j]) + eps;
          const float dot = bwd_group_sum<N>(dy[j] * x[j]);
          dy[j] = dy[j] / s - dot / (s * s);
        }
      }
    } else {  // m holds this step's output Y; rebuild its input X = Y * s
      if (row_step) {
        const float s = sums[k * N + r];
        float dot = 0.0f;
#pragma unroll
        for (int j = 0; j < N; ++j) dot = fmaf(dy[j], m[j], dot);
#pragma unroll
        for (int j = 0; j < N; ++j) {
          dy[j] = (dy[j] - dot) / s;
          m[j] *= s;
        }
      } else {
#pragma unroll
        for (int j = 0; j < N; ++j) {
          const float s = sums[k * N + j];
          const float dot = bwd_group_sum<N>(dy[j] * m[j]);
          dy[j] = (dy[j] - dot) / s;
          m[j] *= s;
        }
      }
    }
  }

  // The start, recomputed exactly from the logits rather than taken from the rebuilt iterate.
  bwd_sinkhorn_start<N>(logits, convention, m);
  if (convention == 1) {
    float dot = 0.0f;
#pragma unroll
    for (int j = 0; j < N; ++j) dot = fmaf(dy[j], m[j], dot);
#pragma unroll
    for (int j = 0; j < N; ++j) grad[j] = m[j] * (dy[j] - dot);
  } else {
#pragma unroll
    for (int j = 0; j < N; ++j) grad[j] = dy[j] * m[j];
  }
}

}  // namespace mhc_dev
