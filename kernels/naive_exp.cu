// naive_exp (naive baseline, both paths): the starting matrix of Sinkhorn-Knopp, written to h_res
// (the normalisation launches then work on it in place):
//   paper:      h_res[t, i, j] = exp(res[t, i, j])
//   production: h_res[t, i, j] = softmax_j(res[t, i, :]) + sinkhorn_eps   (shifted by the row max)
// where res = logits[t, 2n:] as n x n row-major; logits rows as in naive_sigmoid.
// Parameters: STATIC_H 1 reads h_static. Launch: one thread per matrix element, kNaiveThreads
// per block.
// Bytes it must move: read T*n*n*4, write T*n*n*4.
// Design: elementwise; for the softmax each thread recomputes its row's max and sum (n <= 32
// values) rather than launching separate reductions.
#include "common/naive_workspace.cuh"

using namespace mhc_dev;

template <int STATIC_H>
__global__ void __launch_bounds__(kNaiveThreads) mhc_naive_exp(const MhcLayerArgs args) {
  const long long n = args.streams, rows = naive_logit_rows<STATIC_H>(args);
  const long long index = naive_index();
  if (index >= rows * n * n) return;
  const long long row = index / (n * n), ij = index % (n * n), i = ij / n;
  const float* res = naive_logit_row<STATIC_H>(args, row) + 2 * n;
  float value;
  if (args.convention == 0) {
    value = expf(res[ij]);
  } else {
    float row_max = res[i * n];
    for (long long k = 1; k < n; ++k) row_max = fmaxf(row_max, res[i * n + k]);
    float sum = 0.0f;
    for (long long k = 0; k < n; ++k) sum += expf(res[i * n + k] - row_max);
    value = expf(res[ij] - row_max) / sum + args.sinkhorn_eps;
  }
  slot<float>(args, kHRes)[index] = value;
}
