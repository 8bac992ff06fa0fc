// naive_sigmoid (naive baseline, both paths): one activation of the n pre or post logits per row,
//   GROUP 0: h_pre[t, i]  = sigmoid(logits[t, i]) + pre_eps
//   GROUP 1: h_post[t, i] = post_mult * sigmoid(logits[t, n + i])
// The logits rows are the workspace's (dynamic: T = B rows) or h_static (static: T = 1 row).
// Parameters: GROUP; STATIC_H 1 reads h_static. Launch: one thread per output element,
// kNaiveThreads per block.
// Bytes it must move: read T*n*4, write T*n*4.
// Design: one elementwise launch per activated group, as the eager module applies sigmoid to each
// slice of the logits.
#include "common/naive_workspace.cuh"

using namespace mhc_dev;

template <int GROUP, int STATIC_H>
__global__ void __launch_bounds__(kNaiveThreads) mhc_naive_sigmoid(const MhcLayerArgs args) {
  const long long n = args.streams, rows = naive_logit_rows<STATIC_H>(args);
  const long long index = naive_index();
  if (index >= rows * n) return;
  const long long row = index / n, i = index % n;
  const float z = naive_logit_row<STATIC_H>(args, row)[GROUP * n + i];
  const float s = 1.0f / (1.0f + expf(-z));
  if (GROUP == 0) {
    slot<float>(args, kHPre)[index] = s + args.pre_eps;
  } else {
    slot<float>(args, kHPost)[index] = args.post_mult * s;
  }
}
