// naive_distribute_add (naive baseline, both paths): the post step's second half,
//   x_next[b, i, c] = mixed[b, i, c] + h_post[row(b), i] * f[b, c]   (mixed from naive_mix).
// Parameters: T residual type. Launch: one thread per output element, kNaiveThreads per block.
// Bytes it must move: read B*n*C*4 + B*C*2 + the H_post rows, write B*n*C*s.
// Design: elementwise (the eager broadcast multiply-add).
#include "common/naive_workspace.cuh"

using namespace mhc_dev;

template <typename T>
__global__ void __launch_bounds__(kNaiveThreads) mhc_naive_distribute_add(const MhcLayerArgs args) {
  const long long n = args.streams, C = args.hidden;
  const long long index = naive_index();
  if (index >= args.tokens * n * C) return;
  const long long b = index / (n * C), i = index / C % n, c = index % C;
  const float h_post = slot<float>(args, kHPost)[h_row(args, b) * n + i];
  const float f = to_float(slot<__nv_bfloat16>(args, kF)[b * C + c]);
  slot<T>(args, kXNext)[index] = from_float<T>(naive_workspace(args).mixed[index] + h_post * f);
}
