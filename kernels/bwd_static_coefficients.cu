// bwd_static_coefficients: the backward of the static path's coefficient step
// (src/reference/coefficients.cpp). The logits are the parameters themselves, so
//   d_h_static = [d_H_pre s (1 - s) | d_H_post post_mult s (1 - s) | SinkhornBackward(d_H_res)]
// with s = sigmoid of the matching h_static entry; d_H are the token sums bwd_token produced.
// Parameters: N streams; STORED: Sinkhorn iterates stored in the workspace ([S][n][n] floats,
// S = 2 t_max) instead of rebuilt from line sums (dynamic shared memory: 32 x 2 t_max floats).
// Launch: one warp. Bytes it must move: read 2 m floats, write m floats (latency-bound).
// Design: one matrix, so one group of n lanes does the work (lane r owns row r,
// common/bwd_sinkhorn.cuh); the other groups of the warp run on the same values so the full-warp
// shuffles stay legal, each with its own line sums, and write nothing.
#include "common/bwd_sinkhorn.cuh"

using namespace mhc_dev;

template <int N, bool STORED>
__global__ void __launch_bounds__(32) mhc_bwd_static_coefficients(const MhcLayerArgs args) {
  static_assert(32 % N == 0, "groups of n lanes");
  extern __shared__ float line_sums[];  // [32 / N][2 t_max][N] when !STORED
  const int lane = threadIdx.x, group = lane / N, r = lane % N;
  const bool valid = group == 0;
  const float* h = slot<float>(args, kHStatic);
  float* d_h = slot<float>(args, kDHStatic);

  float logits[N], d_out[N], grad[N];
#pragma unroll
  for (int j = 0; j < N; ++j) {
    logits[j] = h[2 * N + r * N + j];
    d_out[j] = slot<float>(args, kDHRes)[r * N + j];
  }
  float* sums = line_sums + group * (2 * args.sinkhorn_iters) * N;
  bwd_sinkhorn_row<N, STORED>(args, logits, d_out, grad, r, valid, sums,
                              static_cast<float*>(args.workspace));
  if (!valid) return;
  const float s_pre = bwd_sigmoid(h[r]), s_post = bwd_sigmoid(h[N + r]);
  d_h[r] = slot<float>(args, kDHPre)[r] * s_pre * (1.0f - s_pre);
  d_h[N + r] = slot<float>(args, kDHPost)[r] * args.post_mult * s_post * (1.0f - s_post);
#pragma unroll
  for (int j = 0; j < N; ++j) d_h[2 * N + r * N + j] = grad[j];
}
