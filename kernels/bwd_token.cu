// bwd_token: the backward of post, F (the RMSNorm stand-in) and pre for whole tokens, fused
// (MATH.md, "Backward"; src/reference/layer_backward.cpp). With c(i,j) the weight of x[j] in
// x_next[i] (paper H_res[i,j], production H_res[j,i]):
//   d_f[c]       = sum_i H_post[i] * d_x_next[i,c]
//   d_H_post[i]  = sum_c d_x_next[i,c] * f[c]          d_c(i,j) = sum_c d_x_next[i,c] * x[j,c]
//   d_x_in[c]    = (d_f[c] w[c] - y[c] mean_c'(d_f w y)) / rr,  y = x_in / rr, rr = RMS(x_in) + eps
//   d_w[c]       = sum_tokens d_f[c] * y[c]             d_H_pre[i] = sum_c d_x_in[c] * x[i,c]
//   static only: d_x[j,c] = sum_i c(i,j) d_x_next[i,c] + H_pre[j] d_x_in[c]   (the total d_x:
//   the static path has no projection; on the dynamic path bwd_dyn_dx writes d_x)
// Parameters: T residual type; N streams; THREADS per block; TILE channels staged per step;
// STATIC_H (one shared H row: H gradients are sums over all tokens); ATOMIC: token sums (d_w, and
// on the static path the H gradients) added with atomics (NOT bit-reproducible) instead of one
// partial row per block in the workspace for bwd_reduce_partials (deterministic).
// Grid: min(B, blocks) blocks, each striding over tokens. Block: THREADS threads.
// Bytes it must move: read B*n*C*s twice (d_x_next, x) + B*C*(2+2) (f, x_in), write B*C*4*2
// (d_f, d_x_in) [+ B*n*C*s for d_x on the static path]; x and d_f are read a second time (L2).
// Design: a block owns a token. Pass 1 stages TILE channels of all n streams of d_x_next and x in
// shared memory; thread (row i, lane) accumulates row i of d_c and d_H_post over its lanes'
// channels (n + 1 registers), so the n x n reduction per token costs no atomics and no n^2
// registers per thread, and TILE threads form d_f and the two RMS sums. The RMS backward needs
// those sums over all of C, hence pass 2 over the channels again: d_x_in, then row i of d_H_pre
// the same way (and the static d_x from a re-staged d_x_next tile). Rows of a warp are padded onto
// distinct banks. Each thread keeps the channels c = tile start + its index in both passes, so it
// reads back only the d_f it wrote itself.
#include "common/bwd_reduce.cuh"

using namespace mhc_dev;

namespace {

// TILE channels from c0 of the N rows of one token ([N][C] at src) into dst[N][STRIDE] as floats;
// channels past C become zeros, so every reduction over the tile can run over all of it.
template <typename T, int N, int TILE, int STRIDE, int THREADS>
__device__ __forceinline__ void stage_rows(const T* src, long long C, long long c0, float* dst) {
  constexpr int QUADS = TILE / 4;
  for (int e = threadIdx.x; e < N * QUADS; e += THREADS) {
    const int i = e / QUADS, q = (e % QUADS) * 4;
    float v[4] = {0.0f, 0.0f, 0.0f, 0.0f};
    if (c0 + q < C) load_floats<T, 4>(src + i * C + c0 + q, v);  // C % 8 == 0: all 4 or none
    store_floats<float, 4>(dst + i * STRIDE + q, v);
  }
}

// Sums acc[k] over the L = THREADS / N lanes of each stream row into sums[row][k] (fixed order).
template <int N, int THREADS, int K>
__device__ __forceinline__ void reduce_rows(float (&acc)[K], float* sums, float* scratch) {
  constexpr int L = THREADS / N;
  constexpr int G = L < 32 ? L : 32;
  const int tid = threadIdx.x;
#pragma unroll
  for (int k = 0; k < K; ++k) acc[k] = bwd_group_sum<G>(acc[k]);
  if constexpr (L <= 32) {
    if (tid % L == 0) {
#pragma unroll
      for (int k = 0; k < K; ++k) sums[(tid / L) * K + k] = acc[k];
    }
  } else {  // a row spans L / 32 warps: add their totals in order
    if ((tid & 31) == 0) {
#pragma unroll
      for (int k = 0; k < K; ++k) scratch[(tid >> 5) * K + k] = acc[k];
    }
    __syncthreads();
    for (int e = tid; e < N * K; e += THREADS) {
      const int i = e / K, k = e % K;
      float total = 0.0f;
      for (int w = 0; w < L / 32; ++w) total += scratch[(i * (L / 32) + w) * K + k];
      sums[e] = total;
    }
  }
  __syncthreads();
}

}  // namespace

// 512 / THREADS blocks per SM: at most 128 registers a thread. Without the minimum, ptxas aims
// for higher occupancy and spills a few registers at the default point on sm_80.
template <typename T, int N, int THREADS, int TILE, bool STATIC_H, bool ATOMIC>
__global__ void __launch_bounds__(THREADS, 512 / THREADS) mhc_bwd_token(const MhcLayerArgs args) {
  constexpr int L = THREADS / N;       // lanes per stream row
  constexpr int PAD = L < 32 ? L : 0;  // rows sharing a warp start L banks apart
  constexpr int STRIDE = TILE + PAD;
  constexpr int K = N + 2;  // per row: n mixing sums, the H_post sum, the H_pre sum
  constexpr int WARPS = THREADS / 32;
  constexpr int RMS_COLUMN = STATIC_H ? 2 * N + N * N : 0;  // d_w's place in a partial row
  static_assert(THREADS % 32 == 0 && THREADS % N == 0 && L >= 4, "whole warps, >= 4 lanes a row");
  static_assert(TILE % 32 == 0 && TILE <= THREADS, "a thread per staged channel");
  static_assert(N * TILE <= 2048, "two staged tiles of n x TILE floats stay under 48 KB");

  __shared__ __align__(16) float dxn_s[N * STRIDE];
  __shared__ __align__(16) float x_s[N * STRIDE];
  __shared__ __align__(16) float chan_s[TILE];  // f in pass 1, d_x_in in pass 2
  __shared__ float sums_s[N * K];
  __shared__ float scratch_s[(L > 32 ? WARPS : 1) * K];
  __shared__ float stat_s[WARPS * 2];
  __shared__ float h_post_s[N], h_pre_s[N];
  __shared__ float mix_s[STATIC_H ? N * N : 1];  // mix_s[i * N + j] = c(i, j)

  const long long B = args.tokens, C = args.hidden;
  const int tid = threadIdx.x, row = tid / L, lane = tid % L;
  const bool transposed = args.convention == 1;
  const T* x = slot<T>(args, kX);
  const T* d_x_next = slot<T>(args, kDXNext);
  const __nv_bfloat16* f = slot<__nv_bfloat16>(args, kF);
  const __nv_bfloat16* x_in = slot<__nv_bfloat16>(args, kXIn);
  const float* weight = slot<float>(args, kRmsWeight);
  float* d_f = slot<float>(args, kDF);
  float* d_x_in = slot<float>(args, kDXIn);
  const float* h_pre = slot<float>(args, kHPre);
  const float* h_post = slot<float>(args, kHPost);
  const float* h_res = slot<float>(args, kHRes);
  const float c_f = static_cast<float>(C);

  const long long width = RMS_COLUMN + C;
  float* partial_row = nullptr;
  if constexpr (!ATOMIC) {
    partial_row = bwd_partials(args) + blockIdx.x * width;
    if (blockIdx.x == 0 && tid == 0) {
      const int count = STATIC_H ? 4 : 1;
      const int slots[4] = {STATIC_H ? kDHPost : kDRmsWeight, kDHRes, kDHPre, kDRmsWeight};
      const int offsets[4] = {0, N, N + N * N, 2 * N + N * N};
      const int lengths[4] = {STATIC_H ? N : static_cast<int>(C), N * N, N, static_cast<int>(C)};
      bwd_write_partials_header(args, gridDim.x, static_cast<int>(width), count, slots, offsets,
                                lengths);
    }
  }
  if constexpr (STATIC_H) {  // one H row for all tokens; the first tile barrier publishes it
    for (int e = tid; e < N * N; e += THREADS) {
      const int i = e / N, j = e % N;
      mix_s[e] = transposed ? h_res[j * N + i] : h_res[i * N + j];
    }
    if (tid < N) {
      h_post_s[tid] = h_post[tid];
      h_pre_s[tid] = h_pre[tid];
    }
  }

  float acc[K];
#pragma unroll
  for (int k = 0; k < K; ++k) acc[k] = 0.0f;

  for (long long b = blockIdx.x; b < B; b += gridDim.x) {
    const bool first_token = b == blockIdx.x;
    const T* dxn_b = d_x_next + b * N * C;
    const T* x_b = x + b * N * C;
    if constexpr (!STATIC_H) {
      // The previous token last read these in its pass 1; barriers since then order the writes.
      if (tid < N) {
        h_post_s[tid] = h_post[b * N + tid];
        h_pre_s[tid] = h_pre[b * N + tid];
      }
    }

    // Pass 1: d_f, the RMS sums, row sums of d_c and d_H_post.
    float stats[2] = {0.0f, 0.0f};  // sum x_in^2, sum d_f * w * x_in
    for (long long c0 = 0; c0 < C; c0 += TILE) {
      __syncthreads();  // the previous tile's readers are done
      stage_rows<T, N, TILE, STRIDE, THREADS>(dxn_b, C, c0, dxn_s);
      stage_rows<T, N, TILE, STRIDE, THREADS>(x_b, C, c0, x_s);
      for (int e = tid; e < TILE / 4; e += THREADS) {
        float v[4] = {0.0f, 0.0f, 0.0f, 0.0f};
        if (c0 + 4 * e < C) load_floats<__nv_bfloat16, 4>(f + b * C + c0 + 4 * e, v);
        store_floats<float, 4>(chan_s + 4 * e, v);
      }
      __syncthreads();
      if (tid < TILE && c0 + tid < C) {
        const long long c = c0 + tid;
        float df = 0.0f;
#pragma unroll
        for (int i = 0; i < N; ++i) df = fmaf(h_post_s[i], dxn_s[i * STRIDE + tid], df);
        d_f[b * C + c] = df;
        const float xi = to_float(x_in[b * C + c]);
        stats[0] = fmaf(xi, xi, stats[0]);
        stats[1] = fmaf(df * weight[c], xi, stats[1]);
      }
      for (int cc = lane; cc < TILE; cc += L) {
        const float d = dxn_s[row * STRIDE + cc];
#pragma unroll
        for (int j = 0; j < N; ++j) acc[j] = fmaf(d, x_s[j * STRIDE + cc], acc[j]);
        acc[N] = fmaf(d, chan_s[cc], acc[N]);
      }
    }
    bwd_block_sums<THREADS, 2>(stats, stat_s);
    const float inv_rr = 1.0f / sqrtf(stats[0] / c_f + args.rms_eps);
    const float mean_gy = stats[1] * inv_rr / c_f;

    // Pass 2: d_x_in and d_w, row sums of d_H_pre, and on the static path d_x.
    for (long long c0 = 0; c0 < C; c0 += TILE) {
      __syncthreads();
      stage_rows<T, N, TILE, STRIDE, THREADS>(x_b, C, c0, x_s);
      if constexpr (STATIC_H) stage_rows<T, N, TILE, STRIDE, THREADS>(dxn_b, C, c0, dxn_s);
      if (tid < TILE) {
        const long long c = c0 + tid;
        float dxi = 0.0f;
        if (c < C) {
          const float y = to_float(x_in[b * C + c]) * inv_rr;
          const float df = d_f[b * C + c];  // written by this thread in pass 1
          dxi = (df * weight[c] - y * mean_gy) * inv_rr;
          d_x_in[b * C + c] = dxi;
          const float dw = df * y;
          if constexpr (ATOMIC) {
            atomicAdd(slot<float>(args, kDRmsWeight) + c, dw);
          } else {  // this thread owns column c of the block's row for every token
            float* p = partial_row + RMS_COLUMN + c;
            *p = first_token ? dw : *p + dw;
          }
        }
        chan_s[tid] = dxi;
      }
      __syncthreads();
      for (int cc = lane; cc < TILE; cc += L)
        acc[N + 1] = fmaf(chan_s[cc], x_s[row * STRIDE + cc], acc[N + 1]);
      if constexpr (STATIC_H) {
        T* d_x = slot<T>(args, kDX);
        for (int e = tid; e < N * TILE; e += THREADS) {
          const int j = e / TILE, cc = e % TILE;
          if (c0 + cc >= C) continue;
          float v = h_pre_s[j] * chan_s[cc];
#pragma unroll
          for (int i = 0; i < N; ++i) v = fmaf(mix_s[i * N + j], dxn_s[i * STRIDE + cc], v);
          d_x[(b * N + j) * C + c0 + cc] = from_float<T>(v);
        }
      }
    }

    if constexpr (!STATIC_H) {  // this token's H gradients
      reduce_rows<N, THREADS, K>(acc, sums_s, scratch_s);
      for (int e = tid; e < N * K; e += THREADS) {
        const int i = e / K, k = e % K;
        if (k < N)
          slot<float>(args, kDHRes)[b * N * N + (transposed ? k * N + i : i * N + k)] = sums_s[e];
        else if (k == N)
          slot<float>(args, kDHPost)[b * N + i] = sums_s[e];
        else
          slot<float>(args, kDHPre)[b * N + i] = sums_s[e];
      }
#pragma unroll
      for (int k = 0; k < K; ++k) acc[k] = 0.0f;
    }
  }

  if constexpr (STATIC_H) {  // the block's share of the H gradients, summed over its tokens
    reduce_rows<N, THREADS, K>(acc, sums_s, scratch_s);
    for (int e = tid; e < N * K; e += THREADS) {
      const int i = e / K, k = e % K;
      const int res_index = transposed ? k * N + i : i * N + k;
      if constexpr (ATOMIC) {
        float* target = k < N ? slot<float>(args, kDHRes) + res_index
                              : slot<float>(args, k == N ? kDHPost : kDHPre) + i;
        atomicAdd(target, sums_s[e]);
      } else {
        const int column = k < N ? N + res_index : k == N ? i : N + N * N + i;
        partial_row[column] = sums_s[e];
      }
    }
  }
}
