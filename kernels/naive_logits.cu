// naive_logits (naive baseline, dynamic path): the mixing logits of each token, from the raw
// projection and the sum of squares (MATH.md: (x / r) @ phi = (x @ phi) / r),
//   r = sqrt(sumsq[b] / (n*C) + rms_eps)
//   logits[b, j] = alpha[group(j)] * proj[b, j] / r + bias[j]
// with group 0 = pre (j < n), 1 = post (j < 2n), 2 = res. Written to the workspace.
// Parameters: none. Launch: one thread per logit, kNaiveThreads per block.
// Bytes it must move: read B*m*4 + B*4, write B*m*4.
// Design: one elementwise launch standing for the eager chain (divide by r, scale, add bias).
#include "common/naive_workspace.cuh"

using namespace mhc_dev;

__global__ void __launch_bounds__(kNaiveThreads) mhc_naive_logits(const MhcLayerArgs args) {
  const long long n = args.streams, m = n * n + 2 * n;
  const long long index = naive_index();
  if (index >= args.tokens * m) return;
  const long long b = index / m, j = index % m;
  const int group = j < n ? 0 : (j < 2 * n ? 1 : 2);
  const float mean_square = slot<float>(args, kSumsq)[b] / static_cast<float>(n * args.hidden);
  const float r = sqrtf(mean_square + args.rms_eps);
  naive_workspace(args).logits[index] =
      slot<float>(args, kAlpha)[group] * slot<float>(args, kProj)[index] / r +
      slot<float>(args, kBias)[j];
}
