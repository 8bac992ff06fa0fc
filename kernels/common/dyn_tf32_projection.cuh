// The tensor-core projection engine shared by dyn_projection_mma.cu and dyn_projection_splitk.cu:
// a block computes a BM x BN tile of proj = x @ phi (tokens as the MMA's M dimension, logits as N)
// over a range of K = n*C, with tf32 m16n8k8 mma.sync and f32 accumulation, and each token's sum of
// squares in the same pass on CUDA cores.
// PRECISION: tf32 keeps 10 of float32's 23 mantissa bits. x (f32 residual) and phi are rounded to
// tf32 before the multiply (bf16 x is exact in tf32), so proj carries ~1e-3 relative error: the
// ops using this engine declare MathPrecision::tf32. sumsq uses the unrounded values.
// Layout of the work (BM = 16*MT tokens, BN = 8*NT*WN columns, BK = 32*WK k per chunk):
//   - The block stages x[BM][BK] as tf32 in shared memory (rows padded to BK + 4 floats so the
//     fragment reads of a warp hit 32 distinct banks), 16-byte loads, squares added on the way.
//   - Warp (wn, wk) owns NT n-tiles (columns) and the wk-th 32-wide slice of every chunk; it reads
//     B fragments straight from global memory (8 consecutive floats of 4 phi rows: whole sectors),
//     reuses each for its MT m-tiles, and the WK k-slices are summed through shared memory at the
//     end in a fixed order.
// Shared memory (static, floats): max(BM*(BK+4), WK > 1 ? BM*RLD : 0) + BM*(GPR/SEG) partials;
// src/ops/dynamic_forward_ops.cpp mirrors this.
#pragma once
#include "common/dyn_tf32_mma.cuh"
#include "common/mhc_device.cuh"
#include "common/split_k.cuh"

namespace mhc_dev {

template <typename T, int N, int MT, int NT, int WN, int WK>
struct Tf32Projection {
  static constexpr int M = N * N + 2 * N;  // a multiple of 8: whole n-tiles
  static constexpr int BM = 16 * MT;
  static constexpr int BN = 8 * NT * WN;
  static constexpr int BK = 32 * WK;
  static constexpr int THREADS = 32 * WN * WK;
  static_assert(BM <= THREADS, "reduce_sumsq finishes row r's sum in thread r");
  static constexpr int LDX = BK + 4;  // x tile row stride: == 4 (mod 32) banks
  static constexpr int RLD =
      ((BN + 23) / 32) * 32 + 8;  // == 8 (mod 32): float2 writes conflict-free
  static constexpr int VEC = 16 / static_cast<int>(sizeof(T));  // 16-byte x loads
  static constexpr int GPR = BK / VEC;                          // packets per staged row
  static constexpr int LOADS = (BM * GPR + THREADS - 1) / THREADS;
  static constexpr int SEG = GPR < 32 ? GPR : 32;  // lanes of a warp staging the same row
  static constexpr int X_FLOATS = BM * LDX;
  static constexpr int RED_FLOATS = WK > 1 ? BM* RLD : 0;
  static constexpr int SHARED_FLOATS = X_FLOATS > RED_FLOATS ? X_FLOATS : RED_FLOATS;
  static constexpr int PART_FLOATS = BM * (GPR / SEG);
  static_assert(THREADS % GPR == 0, "a thread stages the same rows in every chunk");

  // Stage x[token0 .. token0 + BM)[kbase .. kbase + k_len) as tf32; zeros past B and past k_len.
  static __device__ __forceinline__ void stage(const T* x, long long K, long long B,
                                               long long token0, long long kbase, int k_len,
                                               float* xs, float (&ss)[LOADS]) {
#pragma unroll
    for (int i = 0; i < LOADS; ++i) {
      const int e = threadIdx.x + i * THREADS;
      if (LOADS * THREADS > BM * GPR && e >= BM * GPR) break;
      const int r = e / GPR, kc = (e % GPR) * VEC;
      float v[VEC];
      if (token0 + r < B && kc < k_len) {  // k_len is a multiple of 8: packets all in or all out
        load_floats<T, VEC>(x + (token0 + r) * K + kbase + kc, v);
#pragma unroll
        for (int q = 0; q < VEC; ++q) ss[i] = fmaf(v[q], v[q], ss[i]);
      } else {
#pragma unroll
        for (int q = 0; q < VEC; ++q) v[q] = 0.0f;
      }
#pragma unroll
      for (int q = 0; q < VEC; q += 4) {
        const float rounded[4] = {
            __uint_as_float(tf32_bits(v[q])), __uint_as_float(tf32_bits(v[q + 1])),
            __uint_as_float(tf32_bits(v[q + 2])), __uint_as_float(tf32_bits(v[q + 3]))};
        store_floats<float, 4>(xs + r * LDX + kc + q, rounded);
      }
    }
  }

  // acc[mi][nj] += the warp's k-slice of the staged chunk times phi's columns of its n-tiles.
  static __device__ __forceinline__ void accumulate(const float* phi, long long kbase, int k_len,
                                                    const float* xs, int col_base,
                                                    float (&acc)[MT][NT][4]) {
    const int warp = threadIdx.x / 32, lane = threadIdx.x % 32;
    const int wn = warp % WN, wk = warp / WN;
    const int g = lane >> 2, q = lane & 3;
#pragma unroll
    for (int s = 0; s < 4; ++s) {
      const int kl = wk * 32 + s * 8;
      if (kl >= k_len) break;  // warp-uniform; k_len is a multiple of 8
      unsigned a[MT][4];
#pragma unroll
      for (int mi = 0; mi < MT; ++mi) {
        const float* row = xs + (mi * 16 + g) * LDX + kl + q;
        a[mi][0] = __float_as_uint(row[0]);
        a[mi][1] = __float_as_uint(row[8 * LDX]);
        a[mi][2] = __float_as_uint(row[4]);
        a[mi][3] = __float_as_uint(row[8 * LDX + 4]);
      }
      const float* phi_row = phi + (kbase + kl + q) * M;  // rows k + q and k + q + 4
#pragma unroll
      for (int nj = 0; nj < NT; ++nj) {
        const int n0 = col_base + (wn * NT + nj) * 8;
        if (n0 >= M) break;  // warp-uniform
        const unsigned b[2] = {tf32_bits(phi_row[n0 + g]), tf32_bits(phi_row[4 * M + n0 + g])};
#pragma unroll
        for (int mi = 0; mi < MT; ++mi) mma_tf32(acc[mi][nj], a[mi], b);
      }
    }
  }

  // The block's tile over k in [k_begin, k_end), chunk by chunk. Ends with a barrier.
  static __device__ void run(const MhcLayerArgs& a, long long token0, long long k_begin,
                             long long k_end, int col_base, float* xs, float (&acc)[MT][NT][4],
                             float (&ss)[LOADS]) {
    const T* x = slot<T>(a, kX);
    const float* phi = slot<float>(a, kPhi);
    const long long K = N * a.hidden;
    for (long long kbase = k_begin; kbase < k_end; kbase += BK) {
      const int k_len = static_cast<int>(k_end - kbase < BK ? k_end - kbase : BK);
      stage(x, K, a.tokens, token0, kbase, k_len, xs, ss);
      __syncthreads();
      accumulate(phi, kbase, k_len, xs, col_base, acc);
      __syncthreads();
    }
  }

  // The block's tile of a split-K grid (ceil(B / BM), splits, ceil(M / BN)): tokens from token0(),
  // columns from col_base(), k over split blockIdx.y. Adds the sums to acc (zeroed by the caller)
  // in the wk = 0 warps and returns token token0() + r's sum of squares over the split to thread
  // r < BM. Every thread must call it (block barriers).
  static __device__ __forceinline__ float run_split(const MhcLayerArgs& a,
                                                    float (&acc)[MT][NT][4]) {
    __shared__ __align__(16) float tile_smem[SHARED_FLOATS];
    __shared__ float part[PART_FLOATS];
    long long k_begin, k_end;
    block_k_range<BK>(N * a.hidden, k_begin, k_end);
    float ss[LOADS] = {};
    run(a, token0(), k_begin, k_end, col_base(), tile_smem, acc, ss);
    const float total = reduce_sumsq(part, ss);
    reduce_warps_k(tile_smem, acc);
    return total;
  }
  static __device__ __forceinline__ long long token0() {
    return static_cast<long long>(blockIdx.x) * BM;
  }
  static __device__ __forceinline__ int col_base() {
    return blockIdx.z * BN;
  }

  // Add the WK k-slices into the wk = 0 warps, in order wk = 1, 2, ... (deterministic). red
  // (RED_FLOATS) may alias the x tile.
  static __device__ __forceinline__ void reduce_warps_k(float* red, float (&acc)[MT][NT][4]) {
    if constexpr (WK > 1) {
      const int warp = threadIdx.x / 32, lane = threadIdx.x % 32;
      const int wn = warp % WN, wk = warp / WN;
      const int g = lane >> 2, q = lane & 3;
      for (int round = 1; round < WK; ++round) {
        __syncthreads();  // the tile (or the previous round) is no longer read
        if (wk == round) {
#pragma unroll
          for (int mi = 0; mi < MT; ++mi)
#pragma unroll
            for (int nj = 0; nj < NT; ++nj)
#pragma unroll
              for (int h = 0; h < 2; ++h) {
                float* cell = red + (mi * 16 + g + 8 * h) * RLD + (wn * NT + nj) * 8 + 2 * q;
                cell[0] = acc[mi][nj][2 * h];
                cell[1] = acc[mi][nj][2 * h + 1];
              }
        }
        __syncthreads();
        if (wk == 0) {
#pragma unroll
          for (int mi = 0; mi < MT; ++mi)
#pragma unroll
            for (int nj = 0; nj < NT; ++nj)
#pragma unroll
              for (int h = 0; h < 2; ++h) {
                const float* cell = red + (mi * 16 + g + 8 * h) * RLD + (wn * NT + nj) * 8 + 2 * q;
                acc[mi][nj][2 * h] += cell[0];
                acc[mi][nj][2 * h + 1] += cell[1];
              }
        }
      }
    }
  }

  // Row r's sum of squares, returned to thread r < BM (partials in a fixed order). part holds
  // PART_FLOATS floats. Every thread must call it.
  static __device__ __forceinline__ float reduce_sumsq(float* part, const float (&ss)[LOADS]) {
#pragma unroll
    for (int i = 0; i < LOADS; ++i) {
      float v = ss[i];
#pragma unroll
      for (int offset = SEG / 2; offset > 0; offset >>= 1)
        v += __shfl_xor_sync(0xffffffffu, v, offset);
      const int e = threadIdx.x + i * THREADS;
      if (e < BM * GPR && threadIdx.x % SEG == 0)
        part[(e / GPR) * (GPR / SEG) + (e % GPR) / SEG] = v;
    }
    __syncthreads();
    float total = 0.0f;
    if (threadIdx.x < BM)
      for (int p = 0; p < GPR / SEG; ++p) total += part[threadIdx.x * (GPR / SEG) + p];
    return total;
  }
};

}  // namespace mhc_dev
