// The CUDA-core projection engine shared by dyn_projection.cu and dyn_fused_pre.cu: a block
// accumulates proj = x @ phi (raw x, f32 accumulation) and each token's sum of squares for TOKENS
// tokens over a range of K = n*C, for a tile of columns.
// Layout of the work:
//   - x is staged chunk by chunk (KC = THREADS*VEC values per token, one packed load per thread per
//     token) in shared memory, in its storage type; the staging thread adds the squares, so every x
//     element is read from global memory once per block whatever the number of columns.
//   - Columns: P = min(m, THREADS) threads own one column each per pass, CPT passes per block tile.
//     When m < THREADS (n = 4: m = 24) the THREADS / P "k-lanes" split each chunk in interleaved
//     groups of 4 k, and are summed through shared memory at the end.
//   - A thread reads phi[k][j] once per k (consecutive j across the warp: coalesced) and applies it
//     to all TOKENS tokens: phi traffic from L2 is divided by TOKENS.
// Shared memory (static, bytes): max(TOKENS*KC*sizeof(T), k-lane reduction TOKENS*THREADS*4) plus
// the sum-of-squares partials (WARPS*TOKENS*4); src/ops/dynamic_forward_ops.cpp mirrors this.
#pragma once
#include "common/mhc_device.cuh"

namespace mhc_dev {

template <typename T, int N, int THREADS, int VEC, int TOKENS, int CPT>
struct CoreProjection {
  static constexpr int M = N * N + 2 * N;
  static constexpr int P = M < THREADS ? M : THREADS;  // columns per pass
  static constexpr int KL = THREADS / P;               // k-lanes (1 unless m < THREADS)
  static constexpr int KC = THREADS * VEC;             // k per staged chunk
  static constexpr int KG = 4;                         // k per inner step: one packed smem read
  static constexpr int WARPS = THREADS / 32;
  static constexpr int COLS = P * CPT;  // columns per block tile
  static constexpr int X_BYTES = TOKENS * KC * static_cast<int>(sizeof(T));
  static constexpr int RED_BYTES = KL > 1 ? TOKENS* THREADS * 4 : 0;
  static constexpr int SHARED_BYTES = X_BYTES > RED_BYTES ? X_BYTES : RED_BYTES;
  static_assert(THREADS % 32 == 0 && KC % KG == 0, "whole warps, whole k groups");
  static_assert(KL == 1 || CPT == 1, "m < THREADS: one pass covers every column");

  // Stage k in [kbase, kbase + k_len) of the block's tokens into tile (row stride ld), adding
  // squares to ss. Rows of tokens past B are zero-filled.
  static __device__ __forceinline__ void stage(const T* x, long long K, long long B,
                                               long long token0, long long kbase, int k_len,
                                               T* tile, long long ld, float (&ss)[TOKENS]) {
    const int k = threadIdx.x * VEC;
    if (k >= k_len) return;  // k_len is a multiple of 8, so a packet is all in or all out
#pragma unroll
    for (int t = 0; t < TOKENS; ++t) {
      Packed<T, VEC> p;
      if (token0 + t < B) {
        p = *reinterpret_cast<const Packed<T, VEC>*>(x + (token0 + t) * K + kbase + k);
#pragma unroll
        for (int v = 0; v < VEC; ++v) {
          const float f = to_float(p.v[v]);
          ss[t] = fmaf(f, f, ss[t]);
        }
      } else {
#pragma unroll
        for (int v = 0; v < VEC; ++v) p.v[v] = from_float<T>(0.0f);
      }
      *reinterpret_cast<Packed<T, VEC>*>(tile + t * ld + k) = p;
    }
  }

  // acc[c][t] += sum over the staged k of x[t][k] * phi[kbase + k][col_base + c*P + column].
  static __device__ __forceinline__ void accumulate(const float* phi, long long kbase, int k_len,
                                                    const T* tile, long long ld, int col_base,
                                                    float (&acc)[CPT][TOKENS]) {
    const int column = threadIdx.x % P;
    const int lane = threadIdx.x / P;
    if (lane >= KL) return;  // THREADS not a multiple of m: the last threads only stage
      // Not unrolled: one step already has 4*CPT phi loads and TOKENS smem reads in flight, and
      // ptxas, left to unroll, hoists several steps' loads and spills to win occupancy.
#pragma unroll 1
    for (int kk = lane * KG; kk < k_len; kk += KL * KG) {
      float p[KG][CPT];
#pragma unroll
      for (int q = 0; q < KG; ++q) {
        const float* phi_row = phi + (kbase + kk + q) * M;
#pragma unroll
        for (int c = 0; c < CPT; ++c) {
          const int j = col_base + c * P + column;
          p[q][c] = j < M ? phi_row[j] : 0.0f;
        }
      }
#pragma unroll
      for (int t = 0; t < TOKENS; ++t) {
        float xv[KG];
        load_floats<T, KG>(tile + t * ld + kk, xv);
#pragma unroll
        for (int q = 0; q < KG; ++q)
#pragma unroll
          for (int c = 0; c < CPT; ++c) acc[c][t] = fmaf(p[q][c], xv[q], acc[c][t]);
      }
    }
  }

  // The block's tokens over k in [k_begin, k_end): stage a chunk, accumulate it, repeat. With
  // `hold` the chunks land at their place in a buffer of the whole tokens (row stride K), which
  // stays valid after the loop; otherwise they reuse one chunk buffer (row stride KC).
  static __device__ void run(const MhcLayerArgs& a, long long token0, long long k_begin,
                             long long k_end, int col_base, T* xs, bool hold,
                             float (&acc)[CPT][TOKENS], float (&ss)[TOKENS]) {
    const T* x = slot<T>(a, kX);
    const float* phi = slot<float>(a, kPhi);
    const long long K = N * a.hidden;
    const long long ld = hold ? K : KC;
    for (long long kbase = k_begin; kbase < k_end; kbase += KC) {
      const int k_len = static_cast<int>(k_end - kbase < KC ? k_end - kbase : KC);
      T* tile = hold ? xs + kbase : xs;
      stage(x, K, a.tokens, token0, kbase, k_len, tile, ld, ss);
      __syncthreads();
      accumulate(phi, kbase, k_len, tile, ld, col_base, acc);
      __syncthreads();
    }
  }

  // Sum the k-lanes: afterwards threads 0..P-1 hold the block's totals. red (RED_BYTES) may alias
  // the chunk buffer: run() ends with a barrier. Ends with a barrier when it uses red.
  static __device__ __forceinline__ void reduce_lanes(float* red, float (&acc)[CPT][TOKENS]) {
    if constexpr (KL > 1) {
#pragma unroll
      for (int t = 0; t < TOKENS; ++t) red[t * THREADS + threadIdx.x] = acc[0][t];
      __syncthreads();
      if (threadIdx.x < P) {
#pragma unroll
        for (int t = 0; t < TOKENS; ++t) {
          float sum = 0.0f;
          for (int l = 0; l < KL; ++l) sum += red[t * THREADS + l * P + threadIdx.x];
          acc[0][t] = sum;
        }
      }
      __syncthreads();
    }
  }

  // The block's sum of squares of token t, returned to thread t < TOKENS (fixed order: warps in
  // index order). part holds WARPS*TOKENS floats.
  static __device__ __forceinline__ float reduce_sumsq(float* part, const float (&ss)[TOKENS]) {
    const int warp = threadIdx.x / 32, lane = threadIdx.x % 32;
#pragma unroll
    for (int t = 0; t < TOKENS; ++t) {
      const float v = warp_sum(ss[t]);
      if (lane == 0) part[t * WARPS + warp] = v;
    }
    __syncthreads();
    float total = 0.0f;
    if (threadIdx.x < TOKENS)
      for (int w = 0; w < WARPS; ++w) total += part[threadIdx.x * WARPS + w];
    return total;
  }
};

}  // namespace mhc_dev
