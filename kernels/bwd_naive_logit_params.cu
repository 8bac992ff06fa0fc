// bwd_naive_logit_params: naive baseline step (dynamic path), the gradients of the logit scales
// and biases, sums over tokens:
//   d_bias[q] = sum_b d_logits[b,q]
//   d_alpha[g] = sum_b sum_{q in g} d_logits[b,q] proj[b,q] / r[b]
// Parameters: N streams. Grid: m + 3 blocks (one per output) of 256 threads.
// Bytes it must move: read B*(2m+1)*4, write (m+3)*4.
// Design: one block per output, a strided loop and a block reduction (deterministic).
#include "common/bwd_naive.cuh"

using namespace mhc_dev;

template <int N>
__global__ void __launch_bounds__(256) mhc_bwd_naive_logit_params(const MhcLayerArgs args) {
  __shared__ float scratch[8];
  constexpr int M = N * N + 2 * N;
  const int out = blockIdx.x;
  const float* d_l = bwd_naive_workspace<N, true>(args).d_logits;
  float v[1] = {0.0f};
  if (out < M) {
    for (long long b = threadIdx.x; b < args.tokens; b += 256) v[0] += d_l[b * M + out];
  } else {  // alpha group g covers logits [first, first + width)
    const int g = out - M, first = g * N, width = g == 2 ? N * N : N;
    const float* proj = slot<float>(args, kProj);
    const float* sumsq = slot<float>(args, kSumsq);
    for (long long e = threadIdx.x; e < args.tokens * width; e += 256) {
      const long long b = e / width, q = first + e % width;
      v[0] = fmaf(d_l[b * M + q], proj[b * M + q] * bwd_inverse_rms(args, N, sumsq[b]), v[0]);
    }
  }
  bwd_block_sums<256, 1>(v, scratch);
  if (threadIdx.x == 0) {
    if (out < M)
      slot<float>(args, kDBias)[out] = v[0];
    else
      slot<float>(args, kDAlpha)[out - M] = v[0];
  }
}
