// bwd_naive_dphi: naive baseline step (dynamic path), the projection weights' gradient:
//   d_phi[k,q] = sum_b x[b,k] d_proj[b,q]
// Parameters: T residual type; N streams. Grid: (n*C, ceil(m / 128)), 128 threads.
// Bytes it must move: read B*n*C*s (re-read per column block) + B*m*4, write n*C*m*4.
// Design: one thread per output walks all tokens in order, a matmul without tiling.
#include "common/bwd_naive.cuh"

using namespace mhc_dev;

template <typename T, int N>
__global__ void __launch_bounds__(128) mhc_bwd_naive_dphi(const MhcLayerArgs args) {
  constexpr int M = N * N + 2 * N;
  const long long K = N * args.hidden, k = blockIdx.x;
  const int q = blockIdx.y * 128 + threadIdx.x;
  if (q >= M) return;
  const T* x = slot<T>(args, kX) + k;
  const float* d_proj = slot<float>(args, kDProj) + q;
  float v = 0.0f;
  for (long long b = 0; b < args.tokens; ++b) v = fmaf(to_float(x[b * K]), d_proj[b * M], v);
  slot<float>(args, kDPhi)[k * M + q] = v;
}
