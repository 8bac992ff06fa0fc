// Reductions the backward kernels share. Many backward outputs are sums over tokens (the static
// path's H gradients, d_rms_weight, d_alpha, d_bias); a kernel either adds its block's share with
// atomics (fast, not bit-reproducible) or writes one partial row per block into the workspace,
// which bwd_reduce_partials.cu then sums in a fixed order (deterministic).
//
// Workspace layout of the partial rows (written by the producer, read by the reducer):
//   int header[16]: rows, width, segments, 0, slot[4], offset[4], length[4]
//   float partial[rows][width] starting at byte 64
// Segment s sends columns [offset[s], offset[s] + length[s]) of the summed row to elements
// [0, length[s]) of tensor slot[s]. The producer writes the header and every element of every row,
// so the workspace never needs clearing.
#pragma once
#include "common/mhc_device.cuh"

namespace mhc_dev {

constexpr int kBwdPartialsHeaderInts = 16;
constexpr int kBwdMaxSegments = 4;

__device__ __forceinline__ float* bwd_partials(const MhcLayerArgs& a) {
  return static_cast<float*>(a.workspace) + kBwdPartialsHeaderInts;
}

// Called by one thread of the grid (block 0, thread 0). Segments past `count` are ignored.
__device__ __forceinline__ void bwd_write_partials_header(const MhcLayerArgs& a, int rows,
                                                          int width, int count,
                                                          const int (&slot)[kBwdMaxSegments],
                                                          const int (&offset)[kBwdMaxSegments],
                                                          const int (&length)[kBwdMaxSegments]) {
  int* h = static_cast<int*>(a.workspace);
  h[0] = rows;
  h[1] = width;
  h[2] = count;
  h[3] = 0;
#pragma unroll
  for (int s = 0; s < kBwdMaxSegments; ++s) {
    h[4 + s] = slot[s];
    h[8 + s] = offset[s];
    h[12 + s] = length[s];
  }
}

// Sum over aligned groups of G lanes (G a power of two <= 32); every lane of the warp must call it.
template <int G>
__device__ __forceinline__ float bwd_group_sum(float v) {
#pragma unroll
  for (int offset = G / 2; offset > 0; offset >>= 1) v += __shfl_xor_sync(0xffffffffu, v, offset);
  return v;
}

// K sums over the whole block, returned to every thread; fixed order, so deterministic. `scratch`
// holds THREADS / 32 * K floats. Ends with a barrier, so the scratch may be reused at once.
template <int THREADS, int K>
__device__ __forceinline__ void bwd_block_sums(float (&v)[K], float* scratch) {
  constexpr int WARPS = THREADS / 32;
  const int warp = threadIdx.x >> 5;
#pragma unroll
  for (int k = 0; k < K; ++k) v[k] = warp_sum(v[k]);
  if ((threadIdx.x & 31) == 0) {
#pragma unroll
    for (int k = 0; k < K; ++k) scratch[warp * K + k] = v[k];
  }
  __syncthreads();
#pragma unroll
  for (int k = 0; k < K; ++k) {
    float total = 0.0f;
#pragma unroll
    for (int w = 0; w < WARPS; ++w) total += scratch[w * K + k];
    v[k] = total;
  }
  __syncthreads();
}

}  // namespace mhc_dev
