// bwd_naive_logits_bwd: naive baseline step (dynamic path), the logit gradient back to the
// projection and the sum of squares (src/reference/dynamic_projection.cpp):
//   d_proj[b,q] = alpha_g d_logits[b,q] / r;   d_sumsq[b] = d_r / (2 r n C),
//   d_r = -sum_q alpha_g d_logits[b,q] proj[b,q] / r^2
// Parameters: N streams. Grid: ceil(B / 128) blocks of 128 threads, one thread per token.
// Bytes it must move: read B*(2m+1)*4, write B*(m+1)*4.
// Design: one thread per token walks its m logits (the elementwise products and the reduction an
// eager framework would run as separate kernels, kept as one).
#include "common/bwd_naive.cuh"

using namespace mhc_dev;

template <int N>
__global__ void __launch_bounds__(128) mhc_bwd_naive_logits_bwd(const MhcLayerArgs args) {
  constexpr int M = N * N + 2 * N;
  const long long b = static_cast<long long>(blockIdx.x) * 128 + threadIdx.x;
  if (b >= args.tokens) return;
  const float inv_r = bwd_inverse_rms(args, N, slot<float>(args, kSumsq)[b]);
  const float* alpha = slot<float>(args, kAlpha);
  const float* proj = slot<float>(args, kProj) + b * M;
  const float* d_l = bwd_naive_workspace<N, true>(args).d_logits + b * M;
  float* d_proj = slot<float>(args, kDProj) + b * M;
  float d_r = 0.0f;
  for (int q = 0; q < M; ++q) {
    const float a = alpha[bwd_logit_group<N>(q)];
    d_proj[q] = a * d_l[q] * inv_r;
    d_r -= a * d_l[q] * proj[q] * inv_r * inv_r;
  }
  slot<float>(args, kDSumsq)[b] = d_r * inv_r / (2.0f * static_cast<float>(N) * args.hidden);
}
