// naive_sumsq (naive baseline, dynamic path): the sum of squares of each token's n*C values,
//   sumsq[b] = sum_k x[b, k]^2    (the eager `x.pow(2).sum(-1)` behind the RMS of the projection).
// Parameters: T residual type. Launch: one block of kNaiveThreads per token.
// Bytes it must move: read B*n*C*s, write B*4.
// Design: the textbook reduction: block-strided loads, a shared-memory tree, thread 0 writes.
#include "common/naive_workspace.cuh"

using namespace mhc_dev;

template <typename T>
__global__ void __launch_bounds__(kNaiveThreads) mhc_naive_sumsq(const MhcLayerArgs args) {
  const long long width = args.streams * args.hidden;
  const long long b = blockIdx.x;
  const T* x = slot<T>(args, kX) + b * width;
  float sum = 0.0f;
  for (long long k = threadIdx.x; k < width; k += kNaiveThreads) {
    const float v = to_float(x[k]);
    sum += v * v;
  }
  sum = naive_block_sum(sum);
  if (threadIdx.x == 0) slot<float>(args, kSumsq)[b] = sum;
}
