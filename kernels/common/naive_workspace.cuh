// The naive baseline's intermediates, which an eager framework keeps in temporary tensors: f32
// regions of the workspace, each starting on a 256-byte boundary. The host computes the same
// layout in src/ops/naive_forward_ops.cpp (naive_workspace_bytes); change both together.
//   logits [B, m]      the dynamic path's scaled and shifted projection (m = n*n + 2n)
//   rstd   [B]         1 / RMS of each token's x_in (the RMSNorm stand-in's statistics)
//   mixed  [B, n, C]   the H_res-mixed residual streams before H_post * f is added
#pragma once
#include "common/mhc_device.cuh"

namespace mhc_dev {

// Threads per block of every naive kernel: a typical eager-framework elementwise launch.
constexpr int kNaiveThreads = 256;

__device__ __forceinline__ long long naive_region_floats(long long floats) {
  return (floats + 63) / 64 * 64;
}

struct NaiveWorkspace {
  float* logits;
  float* rstd;
  float* mixed;
};

__device__ __forceinline__ NaiveWorkspace naive_workspace(const MhcLayerArgs& a) {
  const long long m = a.streams * a.streams + 2 * a.streams;
  NaiveWorkspace w;
  w.logits = static_cast<float*>(a.workspace);
  w.rstd = w.logits + naive_region_floats(a.tokens * m);
  w.mixed = w.rstd + naive_region_floats(a.tokens);
  return w;
}

// The global index of this thread in a one-dimensional launch.
__device__ __forceinline__ long long naive_index() {
  return static_cast<long long>(blockIdx.x) * blockDim.x + threadIdx.x;
}

// The logits rows an activation reads: the learned h_static on the static path (one row), the
// workspace's per-token logits on the dynamic path (B rows).
template <int STATIC_H>
__device__ __forceinline__ long long naive_logit_rows(const MhcLayerArgs& a) {
  return STATIC_H ? 1 : a.tokens;
}
template <int STATIC_H>
__device__ __forceinline__ const float* naive_logit_row(const MhcLayerArgs& a, long long row) {
  const long long m = a.streams * a.streams + 2 * a.streams;
  return STATIC_H ? slot<float>(a, kHStatic) : naive_workspace(a).logits + row * m;
}

// Sum of v over the block (kNaiveThreads threads), valid in thread 0: the shared-memory tree of a
// textbook reduction.
__device__ __forceinline__ float naive_block_sum(float v) {
  __shared__ float partial[kNaiveThreads];
  partial[threadIdx.x] = v;
  __syncthreads();
  for (int stride = kNaiveThreads / 2; stride > 0; stride >>= 1) {
    if (threadIdx.x < stride) partial[threadIdx.x] += partial[threadIdx.x + stride];
    __syncthreads();
  }
  return partial[0];
}

}  // namespace mhc_dev
