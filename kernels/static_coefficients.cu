// static_coefficients: the static path's H (MATH.md): from the learned logits
// h_static = [h_pre | h_post | h_res], H_pre = sigmoid + pre_eps, H_post = post_mult * sigmoid,
// H_res = Sinkhorn-Knopp (paper: exp, t_max x {rows, columns}; production: row softmax + eps,
// columns, (t_max - 1) x {rows, columns}). One row shared by every token.
// Parameters: N streams. Launch: one block of one warp.
// Bytes it must move: read m*4, write m*4 (m = n*n + 2n): nothing; it is latency-bound.
// Design: one warp (common/shared_coefficients.cuh): the matrix sits in padded shared memory and
// lane l normalises row l, then column l, with a __syncwarp between steps, so the 2 * t_max
// dependent steps cost no block barrier and a few registers.
#include "common/shared_coefficients.cuh"

using namespace mhc_dev;

template <int N>
__global__ void __launch_bounds__(32) mhc_static_coefficients(const MhcLayerArgs args) {
  __shared__ SinkhornMatrix<N> matrix;
  write_static_coefficients<N>(args, matrix);
}
