// bwd_reduce_partials: the second pass of the deterministic token reductions. A producer kernel
// (bwd_token, bwd_dyn_coefficients) left one partial row per block in the workspace, described by
// the header of common/bwd_reduce.cuh; this sums the rows column by column and scatters the totals
// to the tensors the header names (d_h_post, d_h_res, d_h_pre, d_rms_weight, d_bias, d_alpha):
//   out[col] = sum_r partial[r][col]     (r in increasing order within each row group)
// Parameters: SEGMENTS, the number of target tensors the producer's header names (4 for
// bwd_token_static, 1 for bwd_token_dyn, 2 for bwd_dyn_coefficients); ROW_GROUPS threads per
// column (the block is 32 columns x ROW_GROUPS rows).
// Bytes it must move: read rows * width * 4, write width * 4.
// Design: a column's rows are split over ROW_GROUPS threads that each add a fixed subset in order,
// and the group totals are added in a fixed order through shared memory, so the result does not
// depend on scheduling (bit-reproducible), unlike atomics. 32 consecutive columns per block keep
// every row read coalesced. The grid strides over column chunks, so any grid covers any width.
#include "common/bwd_reduce.cuh"

using namespace mhc_dev;

template <int SEGMENTS, int ROW_GROUPS>
__global__ void __launch_bounds__(32 * ROW_GROUPS)
    mhc_bwd_reduce_partials(const MhcLayerArgs args) {
  static_assert(SEGMENTS >= 1 && SEGMENTS <= kBwdMaxSegments, "segments of the partials header");
  __shared__ float group_total[ROW_GROUPS][33];
  const int* header = static_cast<const int*>(args.workspace);
  const int rows = header[0], width = header[1];  // header[2] == SEGMENTS
  const float* partial = bwd_partials(args);
  const int lane = threadIdx.x, group = threadIdx.y;

  for (long long col0 = static_cast<long long>(blockIdx.x) * 32; col0 < width;
       col0 += static_cast<long long>(gridDim.x) * 32) {
    const long long col = col0 + lane;
    float sum = 0.0f;
    if (col < width)
      for (int r = group; r < rows; r += ROW_GROUPS)
        sum += partial[static_cast<long long>(r) * width + col];
    group_total[group][lane] = sum;
    __syncthreads();
    if (group == 0 && col < width) {
      float total = 0.0f;
#pragma unroll
      for (int g = 0; g < ROW_GROUPS; ++g) total += group_total[g][lane];
#pragma unroll
      for (int s = 0; s < SEGMENTS; ++s) {
        const int offset = header[8 + s], length = header[12 + s];
        if (col >= offset && col < offset + length)
          static_cast<float*>(args.tensors[header[4 + s]])[col - offset] = total;
      }
    }
    __syncthreads();
  }
}
