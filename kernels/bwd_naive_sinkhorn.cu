// bwd_naive_sinkhorn: naive baseline steps of Sinkhorn-Knopp and its backward, one line (row or
// column) normalisation per launch as an eager framework runs the loop; autograd would keep every
// iterate, so the forward is replayed into the workspace first (src/reference/sinkhorn.cpp).
// Iterate k is the input of normalisation k; iteration s is {rows: 2s -> 2s+1, cols: 2s+1 -> 2s+2}
// (production: iteration 0 has no row step, so its row launch copies the start matrix).
//   STEP 0 start:      iterate 0 = exp(L) (paper) or row_softmax(L) + eps (production)
//   STEP 1 rows:       iterate 2s+1 = rows of iterate 2s / (row sum + eps)        (s = args.step)
//   STEP 2 cols:       iterate 2s+2 = columns of iterate 2s+1 / (column sum + eps)
//   STEP 3 cols back:  dX = dY / s - (dY . X) / s^2 per column, X = iterate 2t+1, t = t_max-1-step;
//                      dY is d_H_res at the first backward launch, then the running gradient
//   STEP 4 rows back:  the same per row, X = iterate 2t (nothing for production t = 0)
//   STEP 5 start back: d_logits_res = dM * exp(L) (paper) or P (dM - dM . P) (production, P the
//                      softmax recomputed from the logits)
// Parameters: N streams; STEP; PER_TOKEN (dynamic path). Grid: ceil(R*n / 128) blocks of 128
// threads, one thread per line.
// Bytes it must move: read and write R*n*n*4 per launch.
// Design: one thread per line and launch, the shape of an eager framework's x / x.sum(dim).
#include "common/bwd_naive.cuh"

using namespace mhc_dev;

template <int N, int STEP, bool PER_TOKEN>
__global__ void __launch_bounds__(128) mhc_bwd_naive_sinkhorn(const MhcLayerArgs args) {
  constexpr int M = N * N + 2 * N;
  const long long rows = PER_TOKEN ? args.tokens : 1;
  const long long e = static_cast<long long>(blockIdx.x) * 128 + threadIdx.x;
  if (e >= rows * N) return;
  const long long t = e / N;
  const int line = static_cast<int>(e % N);
  const BwdNaiveWorkspace w = bwd_naive_workspace<N, PER_TOKEN>(args);
  const bool production = args.convention == 1;
  const float eps = args.sinkhorn_eps;
  const int iters = args.sinkhorn_iters;
  // Element (i, j) of iterate k for this H row.
  auto iterate = [&](int k) { return w.iterates + (k * rows + t) * N * N; };
  float* d_m = w.d_matrix + t * N * N;
  const float* logits = w.logits + t * M + 2 * N;

  if constexpr (STEP == 0 || STEP == 5) {  // row `line` of the start matrix
    float m[N];
    float row_max = logits[line * N];
    for (int j = 1; j < N; ++j) row_max = fmaxf(row_max, logits[line * N + j]);
    float sum = 0.0f;
    for (int j = 0; j < N; ++j) {
      m[j] = production ? expf(logits[line * N + j] - row_max) : expf(logits[line * N + j]);
      sum += m[j];
    }
    if constexpr (STEP == 0) {
      for (int j = 0; j < N; ++j) iterate(0)[line * N + j] = production ? m[j] / sum + eps : m[j];
    } else {
      const float* d_y = iters == 0 ? slot<float>(args, kDHRes) + t * N * N : d_m;
      float* d_l = w.d_logits + t * M + 2 * N + line * N;
      if (production) {
        float dot = 0.0f;
        for (int j = 0; j < N; ++j) dot += d_y[line * N + j] * (m[j] / sum);
        for (int j = 0; j < N; ++j) d_l[j] = m[j] / sum * (d_y[line * N + j] - dot);
      } else {
        for (int j = 0; j < N; ++j) d_l[j] = d_y[line * N + j] * m[j];
      }
    }
  } else if constexpr (STEP == 1 || STEP == 2) {  // forward normalisation of one line
    const int s = args.step;
    const float* x = iterate(STEP == 1 ? 2 * s : 2 * s + 1);
    float* y = iterate(STEP == 1 ? 2 * s + 1 : 2 * s + 2);
    const int stride = STEP == 1 ? 1 : N, base = STEP == 1 ? line * N : line;
    if (STEP == 1 && production && s == 0) {
      for (int k = 0; k < N; ++k) y[base + k * stride] = x[base + k * stride];
      return;
    }
    float sum = eps;
    for (int k = 0; k < N; ++k) sum += x[base + k * stride];
    for (int k = 0; k < N; ++k) y[base + k * stride] = x[base + k * stride] / sum;
  } else {  // STEP 3 / 4: backward of one line's normalisation, in place in d_matrix
    const int it = iters - 1 - args.step;
    if (STEP == 4 && production && it == 0) return;
    const float* x = iterate(STEP == 3 ? 2 * it + 1 : 2 * it);
    const float* d_y = (STEP == 3 && args.step == 0) ? slot<float>(args, kDHRes) + t * N * N : d_m;
    const int stride = STEP == 4 ? 1 : N, base = STEP == 4 ? line * N : line;
    float sum = eps, dot = 0.0f;
    for (int k = 0; k < N; ++k) {
      sum += x[base + k * stride];
      dot += d_y[base + k * stride] * x[base + k * stride];
    }
    for (int k = 0; k < N; ++k)
      d_m[base + k * stride] = d_y[base + k * stride] / sum - dot / (sum * sum);
  }
}
