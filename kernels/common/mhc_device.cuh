// Device-side vocabulary shared by every kernel: tensor slots (the order of mhc::Tensor), dtype
// conversion, packed vector loads, and warp reductions.
#pragma once
#include <cuda_bf16.h>

#include "common/mhc_layer_args.h"

namespace mhc_dev {

// Same order as mhc::Tensor in src/core/layer_tensors.hpp (checked by tests/ops).
enum Slot {
  kX, kPhi, kAlpha, kBias, kHStatic, kRmsWeight, kProj, kSumsq, kHPre, kHPost, kHRes, kXIn, kF,
  kXNext, kDXNext, kDX, kDF, kDXIn, kDRmsWeight, kDHPre, kDHPost, kDHRes, kDProj, kDPhi, kDAlpha,
  kDBias, kDHStatic, kDSumsq, kSlotCount
};

template <typename T>
__device__ __forceinline__ T* slot(const MhcLayerArgs& a, Slot s) {
  return static_cast<T*>(a.tensors[s]);
}

__device__ __forceinline__ float to_float(float v) { return v; }
__device__ __forceinline__ float to_float(__nv_bfloat16 v) { return __bfloat162float(v); }

template <typename T>
__device__ __forceinline__ T from_float(float v);
template <>
__device__ __forceinline__ float from_float<float>(float v) { return v; }
template <>
__device__ __forceinline__ __nv_bfloat16 from_float<__nv_bfloat16>(float v) {
  return __float2bfloat16_rn(v);
}

// VEC consecutive elements moved as one aligned access (16 bytes for 4 floats or 8 bf16), so a warp
// reads whole 32-byte sectors. C is a multiple of 8, so every packed access of VEC <= 8 is aligned.
template <typename T, int VEC>
struct alignas(sizeof(T) * VEC) Packed {
  T v[VEC];
};

template <typename T, int VEC>
__device__ __forceinline__ void load_floats(const T* src, float (&out)[VEC]) {
  const Packed<T, VEC> p = *reinterpret_cast<const Packed<T, VEC>*>(src);
#pragma unroll
  for (int k = 0; k < VEC; ++k) out[k] = to_float(p.v[k]);
}

template <typename T, int VEC>
__device__ __forceinline__ void store_floats(T* dst, const float (&in)[VEC]) {
  Packed<T, VEC> p;
#pragma unroll
  for (int k = 0; k < VEC; ++k) p.v[k] = from_float<T>(in[k]);
  *reinterpret_cast<Packed<T, VEC>*>(dst) = p;
}

__device__ __forceinline__ float warp_sum(float v) {
#pragma unroll
  for (int offset = 16; offset > 0; offset >>= 1) v += __shfl_xor_sync(0xffffffffu, v, offset);
  return v;
}

// H tensors have one row per token on the dynamic path and one shared row on the static path.
__device__ __forceinline__ long long h_row(const MhcLayerArgs& a, long long token) {
  return a.h_per_token ? token : 0;
}

}  // namespace mhc_dev
