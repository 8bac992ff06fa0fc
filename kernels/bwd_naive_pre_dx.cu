// bwd_naive_pre_dx: naive baseline step, the pre-aggregate's gradient to the residual, ADDED to
// d_x:
//   d_x[b,j,c] += H_pre[b,j] * d_x_in[b,c]
// Parameters: T residual type; N streams. Grid: (B*n rows, ceil(C / 256)), 256 threads.
// Bytes it must move: read B*n*C*s + B*C*4, write B*n*C*s (a read-modify-write of d_x).
// Design: one thread per element, an eager framework's broadcast multiply and in-place add.
#include "common/bwd_naive.cuh"

using namespace mhc_dev;

template <typename T, int N>
__global__ void __launch_bounds__(256) mhc_bwd_naive_pre_dx(const MhcLayerArgs args) {
  const long long C = args.hidden, row = blockIdx.x, b = row / N;
  const long long c = static_cast<long long>(blockIdx.y) * 256 + threadIdx.x;
  if (c >= C) return;
  const float h = slot<float>(args, kHPre)[h_row(args, b) * N + row % N];
  T* d_x = slot<T>(args, kDX) + row * C + c;
  *d_x = from_float<T>(to_float(*d_x) + h * slot<float>(args, kDXIn)[b * C + c]);
}
