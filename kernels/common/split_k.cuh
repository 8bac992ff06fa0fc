// The slice of K = n*C a block owns when gridDim.y blocks split it (the projections' split_k).
#pragma once

namespace mhc_dev {

// Sets [begin, end) to this block's slice: whole chunks of CHUNK k, so every packed load stays
// aligned; the last split may be short or, for tiny K, empty (begin >= end). Out parameters, not a
// returned pair: that made ptxas allocate registers differently from the code it replaced.
template <int CHUNK>
__device__ __forceinline__ void block_k_range(long long K, long long& begin, long long& end) {
  const long long chunks = (K + CHUNK - 1) / CHUNK;
  const long long per_split = (chunks + gridDim.y - 1) / gridDim.y;
  begin = blockIdx.y * per_split * CHUNK;
  end = begin + per_split * CHUNK < K ? begin + per_split * CHUNK : K;
}

}  // namespace mhc_dev
