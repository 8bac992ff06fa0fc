// bwd_naive_rmsnorm: naive baseline step, the RMSNorm stand-in's backward to its input
// (src/reference/rms_norm.cpp): with rr = sqrt(mean(x_in^2) + eps), y = x_in / rr,
//   d_x_in[c] = (d_f[c] w[c] - y[c] mean_c'(d_f w y)) / rr
// and 1 / rr saved per token in the workspace for bwd_naive_rms_weight.
// Parameters: none. Grid: B blocks of 256 threads.
// Bytes it must move: read B*C*(2+4) + C*4, write B*C*4.
// Design: one block per token, two block reductions and a second pass, as a hand-written eager
// RMSNorm backward (the reductions and the elementwise step as one kernel).
#include "common/bwd_naive.cuh"

using namespace mhc_dev;

template <int N>
__global__ void __launch_bounds__(256) mhc_bwd_naive_rmsnorm(const MhcLayerArgs args) {
  __shared__ float scratch[8 * 2];
  const long long C = args.hidden, b = blockIdx.x;
  const __nv_bfloat16* x_in = slot<__nv_bfloat16>(args, kXIn) + b * C;
  const float* d_f = slot<float>(args, kDF) + b * C;
  const float* w = slot<float>(args, kRmsWeight);
  float sums[2] = {0.0f, 0.0f};  // sum x_in^2, sum d_f * w * x_in
  for (long long c = threadIdx.x; c < C; c += 256) {
    const float xi = to_float(x_in[c]);
    sums[0] = fmaf(xi, xi, sums[0]);
    sums[1] = fmaf(d_f[c] * w[c], xi, sums[1]);
  }
  bwd_block_sums<256, 2>(sums, scratch);
  const float inv_rr = 1.0f / sqrtf(sums[0] / static_cast<float>(C) + args.rms_eps);
  const float mean_gy = sums[1] * inv_rr / static_cast<float>(C);
  for (long long c = threadIdx.x; c < C; c += 256)
    slot<float>(args, kDXIn)[b * C + c] =
        (d_f[c] * w[c] - to_float(x_in[c]) * inv_rr * mean_gy) * inv_rr;
  if (threadIdx.x == 0) bwd_naive_inv_rr(args)[b] = inv_rr;
}
