// bwd_naive_proj_dx: naive baseline step, the projection's gradient to the residual, ADDED to d_x
// (dynamic path):  d_x[b,k] += sum_q phi[k,q] d_proj[b,q]      (k = j*C + c, q < m)
// Parameters: T residual type; N streams. Grid: (B*n rows, ceil(C / 256)), 256 threads.
// Bytes it must move: read B*n*C*s + n*C*m*4 (phi, re-read per token through L2) + B*m*4, write
// B*n*C*s.
// Design: one thread per output element with a dot product over m, as a matmul without tiling.
#include "common/bwd_naive.cuh"

using namespace mhc_dev;

template <typename T, int N>
__global__ void __launch_bounds__(256) mhc_bwd_naive_proj_dx(const MhcLayerArgs args) {
  constexpr int M = N * N + 2 * N;
  const long long C = args.hidden, row = blockIdx.x, b = row / N;
  const long long c = static_cast<long long>(blockIdx.y) * 256 + threadIdx.x;
  if (c >= C) return;
  const long long k = (row % N) * C + c;
  const float* phi = slot<float>(args, kPhi) + k * M;
  const float* d_proj = slot<float>(args, kDProj) + b * M;
  float v = 0.0f;
  for (int q = 0; q < M; ++q) v = fmaf(phi[q], d_proj[q], v);
  T* d_x = slot<T>(args, kDX) + row * C + c;
  *d_x = from_float<T>(to_float(*d_x) + v);
}
