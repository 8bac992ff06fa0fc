// Sums over a team of threads that owns one token: a whole block or a single warp. Kernels that
// choose their thread-to-token mapping as a tuning axis write their body once against team_sum.
#pragma once
#include "common/mhc_device.cuh"

namespace mhc_dev {

// Sum of v over the THREADS threads of the block, returned to every thread. `scratch` holds
// THREADS / 32 floats; use each scratch array for one call only (no barrier guards its reuse).
template <int THREADS>
__device__ __forceinline__ float block_sum(float v, float* scratch) {
  static_assert(THREADS % 32 == 0 && THREADS <= 1024, "whole warps, at most 1024 threads");
  v = warp_sum(v);
  if ((threadIdx.x & 31) == 0) scratch[threadIdx.x >> 5] = v;
  __syncthreads();
  float total = 0.0f;
  // Every thread adds the few warp partials itself (a shared-memory broadcast): cheaper than a
  // second barrier to publish one total.
#pragma unroll
  for (int w = 0; w < THREADS / 32; ++w) total += scratch[w];
  return total;
}

// TEAM == 32: a warp owns the token (shuffles only, no barrier, so a warp may leave early);
// otherwise the whole block of TEAM threads owns it.
template <int TEAM>
__device__ __forceinline__ float team_sum(float v, float* scratch) {
  if constexpr (TEAM == 32) {
    return warp_sum(v);
  } else {
    return block_sum<TEAM>(v, scratch);
  }
}

}  // namespace mhc_dev
