// bwd_naive_sigmoid: naive baseline step, the sigmoid backward of H_pre and H_post into the logit
// gradient (workspace):  d_logits[t,i] = d_H_pre[t,i] s (1-s);  d_logits[t,n+i] = d_H_post[t,i]
// post_mult s (1-s), s = sigmoid(logit).
// Parameters: N streams; PER_TOKEN (dynamic path). Grid: ceil(R*2n / 256) blocks of 256 threads.
// Bytes it must move: read R*4n*4, write R*2n*4.
// Design: one thread per logit.
#include "common/bwd_naive.cuh"

using namespace mhc_dev;

template <int N, bool PER_TOKEN>
__global__ void __launch_bounds__(256) mhc_bwd_naive_sigmoid(const MhcLayerArgs args) {
  constexpr int M = N * N + 2 * N;
  const long long rows = PER_TOKEN ? args.tokens : 1;
  const long long e = static_cast<long long>(blockIdx.x) * 256 + threadIdx.x;
  if (e >= rows * 2 * N) return;
  const long long t = e / (2 * N);
  const int q = static_cast<int>(e % (2 * N));
  const BwdNaiveWorkspace w = bwd_naive_workspace<N, PER_TOKEN>(args);
  const float s = 1.0f / (1.0f + expf(-w.logits[t * M + q]));
  const float d_h = q < N ? slot<float>(args, kDHPre)[t * N + q]
                          : slot<float>(args, kDHPost)[t * N + q - N] * args.post_mult;
  w.d_logits[t * M + q] = d_h * s * (1.0f - s);
}
