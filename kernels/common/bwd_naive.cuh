// The naive backward baseline's shared pieces: its workspace (what an eager framework keeps
// between kernels) and the index helpers its one-step kernels use. Host mirror:
// backward_ops.cpp, naive_workspace_bytes().
#pragma once
#include "common/bwd_reduce.cuh"

namespace mhc_dev {

// All float arrays, back to back in the workspace. R = H rows: B (dynamic) or 1 (static).
struct BwdNaiveWorkspace {
  float* inv_rr;    // [B] 1 / RMS(x_in) per token, saved by the RMSNorm backward for d_rms_weight
  float* logits;    // [R][m] the coefficient logits, recomputed from the saved forward tensors
  float* d_logits;  // [R][m]
  float* iterates;  // [2 t_max + 1][R][n][n] Sinkhorn iterates: iterate k is the input of step k
  float* d_matrix;  // [R][n][n] the gradient walking back through the Sinkhorn steps
  float* token_h;   // [B][n][n] per-token H gradients before the static path's sum over tokens
};

// PER_TOKEN: the dynamic path (R = B); the layout depends on it, so the kernels that use the
// coefficient arrays take the path as a template argument.
template <int N, bool PER_TOKEN>
__device__ __forceinline__ BwdNaiveWorkspace bwd_naive_workspace(const MhcLayerArgs& a) {
  constexpr long long M = N * N + 2 * N;
  const long long R = PER_TOKEN ? a.tokens : 1;
  BwdNaiveWorkspace w;
  w.inv_rr = static_cast<float*>(a.workspace);
  w.logits = w.inv_rr + a.tokens;
  w.d_logits = w.logits + R * M;
  w.iterates = w.d_logits + R * M;
  w.d_matrix = w.iterates + (2LL * a.sinkhorn_iters + 1) * R * N * N;
  w.token_h = w.d_matrix + R * N * N;
  return w;
}

// inv_rr comes first, so the RMSNorm steps (both paths) find it without the path.
__device__ __forceinline__ float* bwd_naive_inv_rr(const MhcLayerArgs& a) {
  return static_cast<float*>(a.workspace);
}

// Weight of x[j] in x_next[i]: paper H_res[i, j], production H_res[j, i].
__device__ __forceinline__ int bwd_mix_index(int convention, int n, int i, int j) {
  return convention == 1 ? j * n + i : i * n + j;
}

// Which alpha scales logit q: 0 pre, 1 post, 2 res.
template <int N>
__device__ __forceinline__ int bwd_logit_group(int q) {
  return q < N ? 0 : q < 2 * N ? 1 : 2;
}

__device__ __forceinline__ float bwd_inverse_rms(const MhcLayerArgs& a, int n, float sumsq) {
  return 1.0f / sqrtf(sumsq / (static_cast<float>(n) * a.hidden) + a.rms_eps);
}

}  // namespace mhc_dev
