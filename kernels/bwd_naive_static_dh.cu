// bwd_naive_static_dh: naive baseline step (static path): the logits are the parameters, so
//   d_h_static[q] = d_logits[0,q]
// Parameters: N streams. Grid: ceil(m / 128) blocks of 128 threads.
// Bytes it must move: read and write m*4.
// Design: a copy out of the workspace, the last step of the static coefficient backward.
#include "common/bwd_naive.cuh"

using namespace mhc_dev;

template <int N>
__global__ void __launch_bounds__(128) mhc_bwd_naive_static_dh(const MhcLayerArgs args) {
  constexpr int M = N * N + 2 * N;
  const int q = blockIdx.x * 128 + threadIdx.x;
  if (q < M) slot<float>(args, kDHStatic)[q] = bwd_naive_workspace<N, false>(args).d_logits[q];
}
