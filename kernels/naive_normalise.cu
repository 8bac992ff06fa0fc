// naive_normalise (naive baseline, both paths): one Sinkhorn-Knopp half-step on h_res in place,
//   AXIS 0 (rows):    h_res[t, i, :] /= (sum_k h_res[t, i, k] + sinkhorn_eps)
//   AXIS 1 (columns): h_res[t, :, j] /= (sum_k h_res[t, k, j] + sinkhorn_eps)
// The pipeline launches rows then columns once per iteration with args.step = the iteration. The
// production convention's first iteration has no row step (its softmax start is followed by a
// column step), so the row launch with step 0 returns at once: the launch stays, as in the loop.
// Parameters: AXIS. Launch: one thread per line (row or column) of every matrix.
// Bytes it must move: read T*n*n*4, write T*n*n*4.
// Design: a thread owns a whole line, so the in-place update needs no second pass.
#include "common/naive_workspace.cuh"

using namespace mhc_dev;

template <int AXIS>
__global__ void __launch_bounds__(kNaiveThreads) mhc_naive_normalise(const MhcLayerArgs args) {
  if (AXIS == 0 && args.convention == 1 && args.step == 0) return;
  const long long n = args.streams, rows = args.h_per_token ? args.tokens : 1;
  const long long index = naive_index();
  if (index >= rows * n) return;
  const long long row = index / n, line = index % n;
  float* h = slot<float>(args, kHRes) + row * n * n;
  const long long first = AXIS == 0 ? line * n : line;  // element k of the line: first + k * stride
  const long long stride = AXIS == 0 ? 1 : n;
  float sum = args.sinkhorn_eps;
  for (long long k = 0; k < n; ++k) sum += h[first + k * stride];
  for (long long k = 0; k < n; ++k) h[first + k * stride] = h[first + k * stride] / sum;
}
