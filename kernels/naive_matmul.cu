// naive_matmul (naive baseline, dynamic path): the raw projection of each token's flattened
// streams,  proj[b, j] = sum_k x[b, k] * phi[k, j],  k < n*C, j < m = n*n + 2n.
// Parameters: T residual type. Launch: one thread per output element, kNaiveThreads per block.
// Bytes it must move: read B*n*C*s + n*C*m*4, write B*m*4.
// Design: one thread per output element walking the whole reduction, no tiling and no split-K:
// the simplest correct matmul. Adjacent threads read adjacent phi columns (coalesced) and share
// their token's x element (a broadcast).
#include "common/naive_workspace.cuh"

using namespace mhc_dev;

template <typename T>
__global__ void __launch_bounds__(kNaiveThreads) mhc_naive_matmul(const MhcLayerArgs args) {
  const long long n = args.streams, width = n * args.hidden, m = n * n + 2 * n;
  const long long index = naive_index();
  if (index >= args.tokens * m) return;
  const long long b = index / m, j = index % m;
  const T* x = slot<T>(args, kX) + b * width;
  const float* phi = slot<float>(args, kPhi);
  float acc = 0.0f;
  for (long long k = 0; k < width; ++k) acc = fmaf(to_float(x[k]), phi[k * m + j], acc);
  slot<float>(args, kProj)[index] = acc;
}
