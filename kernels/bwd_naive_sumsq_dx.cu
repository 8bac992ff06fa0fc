// bwd_naive_sumsq_dx: naive baseline step, the sum of squares' gradient to the residual, ADDED to
// d_x (dynamic path):  d_x[b,k] += 2 x[b,k] d_sumsq[b]
// Parameters: T residual type; N streams. Grid: (B*n rows, ceil(C / 256)), 256 threads.
// Bytes it must move: read 2*B*n*C*s, write B*n*C*s.
// Design: one thread per element, an eager framework's elementwise kernel.
#include "common/bwd_naive.cuh"

using namespace mhc_dev;

template <typename T, int N>
__global__ void __launch_bounds__(256) mhc_bwd_naive_sumsq_dx(const MhcLayerArgs args) {
  const long long C = args.hidden, row = blockIdx.x, b = row / N;
  const long long c = static_cast<long long>(blockIdx.y) * 256 + threadIdx.x;
  if (c >= C) return;
  const float g = 2.0f * slot<float>(args, kDSumsq)[b];
  T* d_x = slot<T>(args, kDX) + row * C + c;
  *d_x = from_float<T>(fmaf(g, to_float(slot<T>(args, kX)[row * C + c]), to_float(*d_x)));
}
