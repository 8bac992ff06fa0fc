// bwd_dyn_dx: the dynamic path's whole residual gradient, written once (MATH.md, "Backward"):
//   d_x[b,j,c] = sum_i c(i,j) d_x_next[b,i,c]           (post; c(i,j): weight of x[j] in x_next[i])
//              + H_pre[b,j] d_x_in[b,c]                 (pre)
//              + 2 x[b,j,c] d_sumsq[b]                   (through r = RMS of the token)
//              + sum_q phi[j*C + c, q] d_proj[b,q]       (through the projection: d_proj @ phi^T)
// Parameters: T residual type; N streams; BT tokens x KT residual columns (KT / N channels of every
// stream) per block; TM tokens per thread (each thread owns TM x 4 outputs).
// Grid: (ceil(C / (KT/N)), ceil(B / BT)).
// Bytes it must move: read B*n*C*s (d_x_next) + B*n*C*s (x) + B*C*4 (d_x_in) + n*C*m*4 (phi, once
// per token tile) + B*m*4, write B*n*C*s.
// Design: the projection part is a GEMM, [B, m] x [m, nC], so the block stages m-chunks of d_proj
// and phi in shared memory (transposed, padded onto distinct banks) and every thread accumulates a
// TM x 4 register tile; a block covers all n streams of its channels, so the post part, which mixes
// the streams of one channel, is added in the epilogue from the same block without another pass.
// All four parts land in registers and d_x is written once: this op is the only writer of d_x on
// the dynamic path, so it is verified alone against the reference's total.
#include "common/mhc_device.cuh"

using namespace mhc_dev;

// At least 512 / threads blocks per SM: at most 128 registers a thread, where ptxas's own
// occupancy target would spill a few.
template <typename T, int N, int BT, int KT, int TM>
__global__ void __launch_bounds__((BT / TM) * (KT / 4), 512 / ((BT / TM) * (KT / 4)))
    mhc_bwd_dyn_dx(const MhcLayerArgs args) {
  constexpr int QC = 8;       // m is a multiple of 8: no tail in q
  constexpr int KG = KT / 4;  // threads along the residual columns
  constexpr int THREADS = (BT / TM) * KG;
  constexpr int CT = KT / N;  // channels per block
  constexpr int M = N * N + 2 * N;
  static_assert(KT % N == 0 && CT % 4 == 0, "4 consecutive channels of one stream per thread");
  static_assert(BT % TM == 0 && THREADS <= 1024, "whole token tiles");
  __shared__ __align__(16) float a_s[QC][BT + 4];  // d_proj chunk, [q][token]
  __shared__ __align__(16) float b_s[QC][KT + 4];  // phi chunk, [q][column]

  const long long B = args.tokens, C = args.hidden;
  const long long c0 = static_cast<long long>(blockIdx.x) * CT;
  const long long b0 = static_cast<long long>(blockIdx.y) * BT;
  const int tid = threadIdx.x, tx = tid % KG, ty = tid / KG;
  const float* d_proj = slot<float>(args, kDProj);
  const float* phi = slot<float>(args, kPhi);

  float acc[TM][4];
#pragma unroll
  for (int i = 0; i < TM; ++i)
#pragma unroll
    for (int u = 0; u < 4; ++u) acc[i][u] = 0.0f;

  for (int q0 = 0; q0 < M; q0 += QC) {
    __syncthreads();
    for (int e = tid; e < BT * QC; e += THREADS) {
      const int bt = e / QC, q = e % QC;
      const long long b = b0 + bt;
      a_s[q][bt] = b < B ? d_proj[b * M + q0 + q] : 0.0f;
    }
    for (int e = tid; e < KT * QC; e += THREADS) {
      const int kk = e / QC, q = e % QC;
      const long long c = c0 + kk % CT;
      b_s[q][kk] = c < C ? phi[((kk / CT) * C + c) * M + q0 + q] : 0.0f;
    }
    __syncthreads();
#pragma unroll
    for (int q = 0; q < QC; ++q) {
      float bv[4];
      load_floats<float, 4>(&b_s[q][tx * 4], bv);
#pragma unroll
      for (int i = 0; i < TM; ++i) {
        const float av = a_s[q][ty * TM + i];
#pragma unroll
        for (int u = 0; u < 4; ++u) acc[i][u] = fmaf(av, bv[u], acc[i][u]);
      }
    }
  }

  const int s = (tx * 4) / CT;             // the stream j of this thread's 4 columns
  const long long c = c0 + (tx * 4) % CT;  // C % 8 == 0: the 4 channels are all in or all out
  if (c >= C) return;
  const bool transposed = args.convention == 1;
  const T* x = slot<T>(args, kX);
  const T* d_x_next = slot<T>(args, kDXNext);
  T* d_x = slot<T>(args, kDX);
#pragma unroll
  for (int i = 0; i < TM; ++i) {
    const long long b = b0 + ty * TM + i;
    if (b >= B) break;
    float dxi[4], xs[4];
    load_floats<float, 4>(slot<float>(args, kDXIn) + b * C + c, dxi);
    load_floats<T, 4>(x + (b * N + s) * C + c, xs);
    const float hp = slot<float>(args, kHPre)[b * N + s];
    const float ds2 = 2.0f * slot<float>(args, kDSumsq)[b];
    float out[4];
#pragma unroll
    for (int u = 0; u < 4; ++u) out[u] = fmaf(hp, dxi[u], fmaf(ds2, xs[u], acc[i][u]));
    const float* h = slot<float>(args, kHRes) + b * N * N;
#pragma unroll 8  // 8 streams' loads in flight: all n of them would not fit the 128 registers
    for (int src = 0; src < N; ++src) {
      const float w = transposed ? h[s * N + src] : h[src * N + s];
      float dn[4];
      load_floats<T, 4>(d_x_next + (b * N + src) * C + c, dn);
#pragma unroll
      for (int u = 0; u < 4; ++u) out[u] = fmaf(w, dn[u], out[u]);
    }
    store_floats<T, 4>(d_x + (b * N + s) * C + c, out);
  }
}
