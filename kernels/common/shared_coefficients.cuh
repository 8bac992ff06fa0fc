// The coefficient activations of one H row (MATH.md, "Where H comes from"), computed by one warp:
// H_pre = sigmoid + pre_eps, H_post = post_mult * sigmoid, and H_res by Sinkhorn-Knopp in either
// convention. The static path needs exactly one such row, so one warp is the whole job.
#pragma once
#include "common/mhc_device.cuh"

namespace mhc_dev {

__device__ __forceinline__ float sigmoid(float z) {
  return 1.0f / (1.0f + expf(-z));
}
__device__ __forceinline__ float pre_activation(const MhcLayerArgs& a, float z) {
  return sigmoid(z) + a.pre_eps;
}
__device__ __forceinline__ float post_activation(const MhcLayerArgs& a, float z) {
  return a.post_mult * sigmoid(z);
}

// The N x N Sinkhorn matrix in shared memory, rows padded to N + 1 floats: lane l walking row l
// and lane l walking column l both touch 32 distinct banks.
template <int N>
struct SinkhornMatrix {
  float m[N][N + 1];
};

// Divides line `line` (a row when ROWS, else a column) by its sum + eps. Two passes over shared
// memory instead of N values held in registers: the static kernels that fuse this with their
// streaming work would otherwise carry N = 32 live values (ptxas spilled them at 1024 threads).
template <int N, bool ROWS>
__device__ __forceinline__ void normalise_line(SinkhornMatrix<N>& s, int line, float eps) {
  float sum = eps;
#pragma unroll 8
  for (int k = 0; k < N; ++k) sum += ROWS ? s.m[line][k] : s.m[k][line];
  const float inv = 1.0f / sum;  // one division per line; the N scalings are multiplies
#pragma unroll 8
  for (int k = 0; k < N; ++k) {
    float& v = ROWS ? s.m[line][k] : s.m[k][line];
    v *= inv;
  }
}

// Sinkhorn-Knopp by one warp on s, which holds the res logits on entry and H_res on exit. Lane l
// (< N) owns row l during row steps and column l during column steps; __syncwarp orders the
// steps. Every denominator is sum + eps, as the reference.
//   paper:      exp, then t_max x {rows, columns}
//   production: row softmax + eps, columns, then (t_max - 1) x {rows, columns}
template <int N>
__device__ __forceinline__ void sinkhorn_warp(const MhcLayerArgs& a, SinkhornMatrix<N>& s) {
  const int lane = threadIdx.x & 31;
  const bool owner = lane < N;
  const float eps = a.sinkhorn_eps;
  int pairs = a.sinkhorn_iters;
  if (owner) {
    if (a.convention == 0) {
#pragma unroll 8
      for (int k = 0; k < N; ++k) s.m[lane][k] = expf(s.m[lane][k]);
    } else {
      float row_max = s.m[lane][0];
#pragma unroll 8
      for (int k = 1; k < N; ++k) row_max = fmaxf(row_max, s.m[lane][k]);  // shift for range
      float sum = 0.0f;
#pragma unroll 8
      for (int k = 0; k < N; ++k) sum += (s.m[lane][k] = expf(s.m[lane][k] - row_max));
      const float inv = 1.0f / sum;
#pragma unroll 8
      for (int k = 0; k < N; ++k) s.m[lane][k] = s.m[lane][k] * inv + eps;
    }
  }
  __syncwarp();
  if (a.convention != 0) {
    if (owner) normalise_line<N, false>(s, lane, eps);
    __syncwarp();
    pairs -= 1;
  }
  for (int t = 0; t < pairs; ++t) {
    if (owner) normalise_line<N, true>(s, lane, eps);
    __syncwarp();
    if (owner) normalise_line<N, false>(s, lane, eps);
    __syncwarp();
  }
}

// The static path's coefficients: h_static = [h_pre | h_post | h_res] logits -> row 0 of h_pre,
// h_post and h_res. Call with one whole warp; s is that warp's shared scratch.
template <int N>
__device__ __forceinline__ void write_static_coefficients(const MhcLayerArgs& a,
                                                          SinkhornMatrix<N>& s) {
  const int lane = threadIdx.x & 31;
  const float* logits = slot<float>(a, kHStatic);
  for (int e = lane; e < N * N; e += 32) s.m[e / N][e % N] = logits[2 * N + e];
  __syncwarp();
  sinkhorn_warp<N>(a, s);
  if (lane < N) {
    slot<float>(a, kHPre)[lane] = pre_activation(a, logits[lane]);
    slot<float>(a, kHPost)[lane] = post_activation(a, logits[N + lane]);
  }
  float* h_res = slot<float>(a, kHRes);
  for (int e = lane; e < N * N; e += 32) h_res[e] = s.m[e / N][e % N];  // coalesced
}

}  // namespace mhc_dev
