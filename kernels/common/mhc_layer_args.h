// The one argument every mHC kernel takes: device pointers to all tensors of a layer (in the order
// of mhc::Tensor, src/core/layer_tensors.hpp) and the layer's scalars. One struct for every kernel
// lets the runner, the verifier and libmhc_tuned launch any op the same way; each kernel reads only
// the fields its op declares. Plain C layout: included by NVRTC sources and by host C++.
#ifndef MHC_LAYER_ARGS_H
#define MHC_LAYER_ARGS_H

#define MHC_TENSOR_COUNT 28

typedef struct MhcLayerArgs {
  // Indexed by mhc::Tensor. Storage per tensor is fixed by the problem (see tensor_info): residual
  // tensors are float or __nv_bfloat16, x_in and f are __nv_bfloat16, everything else float.
  void* tensors[MHC_TENSOR_COUNT];
  void* workspace;            // scratch for split-K partials and multi-pass reductions
  long long workspace_bytes;
  long long tokens;           // B
  long long hidden;           // C
  long long streams;          // n (also a template parameter of every kernel)
  int sinkhorn_iters;         // t_max
  int convention;             // 0 paper, 1 production
  float rms_eps;
  float sinkhorn_eps;
  float post_mult;
  float pre_eps;
  int step;                   // which repetition of a repeated pipeline step (e.g. Sinkhorn iteration)
  int h_per_token;            // 1: H has one row per token (dynamic path); 0: one shared row (static)
} MhcLayerArgs;

#endif
