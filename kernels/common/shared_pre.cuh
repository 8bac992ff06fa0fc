// The pre step and the RMSNorm stand-in for F, written once for the kernels that use them alone or
// fused: aggregating VEC channels of one token, and normalising one token's row by a team of
// threads (a block or a warp) that keeps the first ITEMS groups of each thread in registers.
#pragma once
#include "common/mhc_device.cuh"
#include "common/shared_reduce.cuh"

namespace mhc_dev {

// out[k] = sum_i h[i] * x_token[i * C + c + k], k < VEC, accumulated in f32. The stream loads are
// independent; they are issued in batches of up to 128 bytes per thread (8 packed 16-byte loads),
// enough to cover DRAM latency with a few warps, without hoisting all N * VEC values into
// registers: fully unrolled, f32 with VEC = 8 and n = 8 held 64 in flight and ptxas spilled.
template <typename T, int N, int VEC>
__device__ __forceinline__ void aggregate_group(const T* x_token, const float* h, long long C,
                                                long long c, float (&out)[VEC]) {
  constexpr int kLoadsInFlight = 128 / static_cast<int>(VEC * sizeof(T));
  constexpr int kBatch = kLoadsInFlight < N ? kLoadsInFlight : N;  // powers of two: divides N
#pragma unroll
  for (int k = 0; k < VEC; ++k) out[k] = 0.0f;
#pragma unroll 1
  for (int i0 = 0; i0 < N; i0 += kBatch) {
    float xs[kBatch][VEC];
#pragma unroll
    for (int u = 0; u < kBatch; ++u) load_floats<T, VEC>(x_token + (i0 + u) * C + c, xs[u]);
#pragma unroll
    for (int u = 0; u < kBatch; ++u) {
      const float hi = h[i0 + u];
#pragma unroll
      for (int k = 0; k < VEC; ++k) out[k] = fmaf(hi, xs[u][k], out[k]);
    }
  }
}

// One H_pre row for every token (the static path).
struct SameHRow {
  const float* row;
  __device__ __forceinline__ const float* operator[](int) const { return row; }
};

// x_in for the block's tokens token0 .. token0 + tokens_here: their VEC-channel groups are one flat
// range over the THREADS threads, so several tokens keep every thread busy when C is small.
// h_rows[t] is token t's H_pre row: a shared [TOKENS][N] array, or SameHRow for one row for all.
// (Indexing the caller's array, not a pointer and a stride, keeps the kernels' machine code as it
// was before this helper.)
template <typename T, int N, int THREADS, int VEC, typename HRows>
__device__ __forceinline__ void aggregate_tokens(const MhcLayerArgs& a, long long token0,
                                                 int tokens_here, const HRows& h_rows) {
  const long long C = a.hidden;
  const T* x = slot<T>(a, kX);
  __nv_bfloat16* x_in = slot<__nv_bfloat16>(a, kXIn);
  const int groups = static_cast<int>(C / VEC);
  for (int e = threadIdx.x; e < tokens_here * groups; e += THREADS) {
    const int t = e / groups;
    const long long b = token0 + t;
    const long long c = static_cast<long long>(e - t * groups) * VEC;
    float out[VEC];
    aggregate_group<T, N, VEC>(x + b * N * C, h_rows[t], C, c, out);
    store_floats<__nv_bfloat16, VEC>(x_in + b * C + c, out);
  }
}

// The value a bf16 store keeps: the fused kernels normalise exactly what they wrote as x_in, so
// they agree with the unfused rmsnorm that reads x_in back.
template <int VEC>
__device__ __forceinline__ void round_to_bf16(float (&v)[VEC]) {
#pragma unroll
  for (int k = 0; k < VEC; ++k) v[k] = __bfloat162float(__float2bfloat16_rn(v[k]));
}

// F's input of one token read from x_in (the unfused rmsnorm).
template <int VEC>
struct StoredXIn {
  const __nv_bfloat16* row;  // x_in + b * C
  __device__ void produce(long long c, float (&v)[VEC]) const {
    load_floats<__nv_bfloat16, VEC>(row + c, v);
  }
};

// F's input of one token aggregated from x and stored as x_in on the way (the fused kernels).
template <typename T, int N, int VEC>
struct AggregatedXIn {
  const T* x_token;    // x + b * N * C
  const float* h;      // the token's N pre coefficients (shared memory)
  __nv_bfloat16* row;  // x_in + b * C
  long long C;
  __device__ void produce(long long c, float (&v)[VEC]) const {
    aggregate_group<T, N, VEC>(x_token, h, C, c, v);
    store_floats<__nv_bfloat16, VEC>(row + c, v);
    round_to_bf16<VEC>(v);
  }
};

// f[c + k] = v[k] * inv_rms * weight[c + k], k < VEC (f is the token's row).
template <int VEC>
__device__ __forceinline__ void scale_to_f(const float (&v)[VEC], float inv_rms,
                                           const float* weight, __nv_bfloat16* f, long long c) {
  float w[VEC], out[VEC];
  load_floats<float, VEC>(weight + c, w);
#pragma unroll
  for (int k = 0; k < VEC; ++k) out[k] = v[k] * inv_rms * w[k];
  store_floats<__nv_bfloat16, VEC>(f + c, out);
}

// f[b, c] = x_in[b, c] / sqrt(mean_c x_in^2 + rms_eps) * rms_weight[c], by TEAM threads (rank is
// the thread's index in the team). Pass 1 produces the row's values (group g = rank + k * TEAM)
// and sums their squares; the first ITEMS groups of each thread stay in registers, any further
// ones are read back from x_in in pass 2: the thread's own writes (or the input), still in L1/L2.
// So every C is served, and a row of up to TEAM * ITEMS * VEC channels is read from DRAM once.
template <int TEAM, int VEC, int ITEMS, typename Source>
__device__ __forceinline__ void rmsnorm_token(const MhcLayerArgs& a, long long b, int rank,
                                              float* scratch, const Source& source) {
  const long long C = a.hidden;
  const int groups = static_cast<int>(C / VEC);  // C <= 65536
  float cache[ITEMS][VEC];
  float sumsq = 0.0f;
#pragma unroll
  for (int k = 0; k < ITEMS; ++k) {
    const int g = rank + k * TEAM;
    if (g < groups) {
      source.produce(static_cast<long long>(g) * VEC, cache[k]);
#pragma unroll
      for (int e = 0; e < VEC; ++e) sumsq = fmaf(cache[k][e], cache[k][e], sumsq);
    }
  }
  for (int g = rank + ITEMS * TEAM; g < groups; g += TEAM) {
    float v[VEC];
    source.produce(static_cast<long long>(g) * VEC, v);
#pragma unroll
    for (int e = 0; e < VEC; ++e) sumsq = fmaf(v[e], v[e], sumsq);
  }
  const float total = team_sum<TEAM>(sumsq, scratch);
  const float inv_rms = 1.0f / sqrtf(total / static_cast<float>(C) + a.rms_eps);

  const float* weight = slot<float>(a, kRmsWeight);
  const __nv_bfloat16* x_in = slot<__nv_bfloat16>(a, kXIn) + b * C;
  __nv_bfloat16* f = slot<__nv_bfloat16>(a, kF) + b * C;
#pragma unroll
  for (int k = 0; k < ITEMS; ++k) {
    const int g = rank + k * TEAM;
    if (g < groups) scale_to_f<VEC>(cache[k], inv_rms, weight, f, static_cast<long long>(g) * VEC);
  }
  for (int g = rank + ITEMS * TEAM; g < groups; g += TEAM) {
    float v[VEC];
    load_floats<__nv_bfloat16, VEC>(x_in + static_cast<long long>(g) * VEC, v);
    scale_to_f<VEC>(v, inv_rms, weight, f, static_cast<long long>(g) * VEC);
  }
}

}  // namespace mhc_dev
