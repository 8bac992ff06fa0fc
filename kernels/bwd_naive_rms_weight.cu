// bwd_naive_rms_weight: naive baseline step, the RMSNorm weight's gradient, a sum over tokens:
//   d_w[c] = sum_b d_f[b,c] x_in[b,c] / rr[b]       (1 / rr saved by bwd_naive_rmsnorm)
// Parameters: none. Grid: ceil(C / 256) blocks of 256 threads.
// Bytes it must move: read B*C*(4+2) + B*4, write C*4.
// Design: one thread per channel walks all tokens in order (coalesced across the warp), the way
// an eager framework's column sum runs without a split.
#include "common/bwd_naive.cuh"

using namespace mhc_dev;

template <int N>
__global__ void __launch_bounds__(256) mhc_bwd_naive_rms_weight(const MhcLayerArgs args) {
  const long long C = args.hidden;
  const long long c = static_cast<long long>(blockIdx.x) * 256 + threadIdx.x;
  if (c >= C) return;
  const float* inv_rr = bwd_naive_inv_rr(args);
  const __nv_bfloat16* x_in = slot<__nv_bfloat16>(args, kXIn);
  const float* d_f = slot<float>(args, kDF);
  float v = 0.0f;
  for (long long b = 0; b < args.tokens; ++b)
    v = fmaf(d_f[b * C + c], to_float(x_in[b * C + c]) * inv_rr[b], v);
  slot<float>(args, kDRmsWeight)[c] = v;
}
