// bwd_dyn_dphi: the gradient of the dynamic projection's weights, a reduction over tokens
// (src/reference/dynamic_projection.cpp):
//   d_phi[k, q] = sum_b x[b, k] d_proj[b, q]          k < n*C (x flattened per token), q < m
// (the projection runs on the raw x; the 1/r of the normalisation is already in d_proj).
// Parameters: T residual type; N streams; KT x QT outputs per block; TK x 4 per thread; ATOMIC:
// grid.z splits the tokens and the splits add into d_phi with atomics (the op clears d_phi first;
// NOT bit-reproducible); without it one block sums all tokens of its tile in order and stores.
// Grid: (ceil(nC / KT), ceil(m / QT), splits).
// Bytes it must move: read B*n*C*s (x, once per column tile of m) + B*m*4, write n*C*m*4.
// Design: a tall-skinny GEMM, [nC, B] x [B, m]: the output (nC x m, up to 178 MB at n = 32) is
// tiled over blocks and the reduction over B runs inside the block through 8-token chunks of x and
// d_proj staged in shared memory; each thread keeps a TK x 4 register tile and writes 16-byte rows.
// Splitting B buys parallelism when nC / KT x m / QT blocks cannot fill the GPU (small n, large B).
#include "common/mhc_device.cuh"

using namespace mhc_dev;

template <typename T, int N, int KT, int QT, int TK, bool ATOMIC>
__global__ void __launch_bounds__((KT / TK) * (QT / 4)) mhc_bwd_dyn_dphi(const MhcLayerArgs args) {
  constexpr int BC = 8;  // tokens per staged chunk
  constexpr int QG = QT / 4;
  constexpr int THREADS = (KT / TK) * QG;
  constexpr int M = N * N + 2 * N;
  static_assert(KT % TK == 0 && QT % 4 == 0 && THREADS <= 1024, "whole register tiles");
  __shared__ __align__(16) float x_s[BC][KT + 4];
  __shared__ __align__(16) float p_s[BC][QT + 4];

  const long long B = args.tokens, K = N * args.hidden;
  const long long k0 = static_cast<long long>(blockIdx.x) * KT;
  const int q0 = blockIdx.y * QT;
  // 32-bit division (B < 2^31, checked by the op): a 64-bit one is a called subroutine.
  const unsigned per_split = (static_cast<unsigned>(B) + gridDim.z - 1) / gridDim.z;
  const long long b_begin = static_cast<long long>(blockIdx.z) * per_split;
  const long long b_end = min(B, b_begin + per_split);
  const int tid = threadIdx.x, tq = tid % QG, tk = tid / QG;
  const T* x = slot<T>(args, kX);
  const float* d_proj = slot<float>(args, kDProj);
  float* d_phi = slot<float>(args, kDPhi);

  float acc[TK][4];
#pragma unroll
  for (int t = 0; t < TK; ++t)
#pragma unroll
    for (int u = 0; u < 4; ++u) acc[t][u] = 0.0f;

  const int k_in_tile = static_cast<int>(min(static_cast<long long>(KT), K - k0));
  const T* x_chunk = x + b_begin * K + k0;           // token bc0, column k0
  const float* p_chunk = d_proj + b_begin * M + q0;  // token bc0, column q0
  for (long long bc0 = b_begin; bc0 < b_end; bc0 += BC, x_chunk += BC * K, p_chunk += BC * M) {
    const int tokens_here = static_cast<int>(min(static_cast<long long>(BC), b_end - bc0));
    __syncthreads();
    for (int e = tid; e < BC * KT; e += THREADS) {
      const int bc = e / KT, kk = e % KT;
      x_s[bc][kk] = (bc < tokens_here && kk < k_in_tile) ? to_float(x_chunk[bc * K + kk]) : 0.0f;
    }
    for (int e = tid; e < BC * QT; e += THREADS) {
      const int bc = e / QT, qq = e % QT;
      p_s[bc][qq] = (bc < tokens_here && q0 + qq < M) ? p_chunk[bc * M + qq] : 0.0f;
    }
    __syncthreads();
#pragma unroll
    for (int bc = 0; bc < BC; ++bc) {
      float pv[4];
      load_floats<float, 4>(&p_s[bc][tq * 4], pv);
#pragma unroll
      for (int t = 0; t < TK; ++t) {
        const float xv = x_s[bc][tk * TK + t];
#pragma unroll
        for (int u = 0; u < 4; ++u) acc[t][u] = fmaf(xv, pv[u], acc[t][u]);
      }
    }
  }

  const int q = q0 + tq * 4;  // m % 4 == 0: the 4 columns are all in or all out
  if (q >= M) return;
  const long long k_first = k0 + tk * TK;
  const long long rows_left = K - k_first;  // rows of this thread's tile inside d_phi
  float* out = d_phi + k_first * M + q;
#pragma unroll
  for (int t = 0; t < TK; ++t) {
    if (t < rows_left) {
      if constexpr (ATOMIC) {
#pragma unroll
        for (int u = 0; u < 4; ++u) atomicAdd(out + t * M + u, acc[t][u]);
      } else {
        store_floats<float, 4>(out + t * M, acc[t]);
      }
    }
  }
}
