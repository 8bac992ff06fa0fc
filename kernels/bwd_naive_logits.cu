// bwd_naive_logits: naive baseline step, the coefficient logits recomputed into the workspace (an
// eager framework would have saved them in the forward pass):
//   dynamic: logits[b,q] = alpha[g(q)] * proj[b,q] / r[b] + bias[q]
//   static:  logits[0,q] = h_static[q]
// Parameters: N streams; PER_TOKEN (dynamic path). Grid: ceil(R*m / 256) blocks of 256 threads
// (R = B dynamic, 1 static).
// Bytes it must move: read R*(m+1)*4, write R*m*4.
// Design: one thread per logit.
#include "common/bwd_naive.cuh"

using namespace mhc_dev;

template <int N, bool PER_TOKEN>
__global__ void __launch_bounds__(256) mhc_bwd_naive_logits(const MhcLayerArgs args) {
  constexpr int M = N * N + 2 * N;
  const long long rows = PER_TOKEN ? args.tokens : 1;
  const long long e = static_cast<long long>(blockIdx.x) * 256 + threadIdx.x;
  if (e >= rows * M) return;
  const long long t = e / M;
  const int q = static_cast<int>(e % M);
  float v;
  if constexpr (PER_TOKEN) {
    const float inv_r = bwd_inverse_rms(args, N, slot<float>(args, kSumsq)[t]);
    v = slot<float>(args, kAlpha)[bwd_logit_group<N>(q)] * slot<float>(args, kProj)[e] * inv_r +
        slot<float>(args, kBias)[q];
  } else {
    v = slot<float>(args, kHStatic)[q];
  }
  bwd_naive_workspace<N, PER_TOKEN>(args).logits[e] = v;
}
