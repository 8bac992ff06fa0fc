// The C API of libmhc_tuned (mhc_tuned.h) over the embedded dispatch table: argument checks,
// dispatch, launch. No exception leaves this file: everything maps to a status code.
#include <cuda_runtime_api.h>

#include <cstdio>
#include <cstring>
#include <memory>

#include "runtime/dispatch_policy.hpp"
#include "runtime/kernel_loader.hpp"
#include "runtime/layer_launcher.hpp"
#include "runtime/mhc_tuned.h"

struct mhc_tuned_handle_st {
  explicit mhc_tuned_handle_st(int device) : loader(device) {}
  mhc::runtime::KernelLoader loader;
};

namespace {

using mhc::runtime::DispatchDecision;
using mhc::runtime::DispatchKind;

mhc_tuned_status to_problem(const mhc_tuned_problem* in, int direction, mhc::Problem* out) {
  if (in == nullptr) return MHC_TUNED_ERROR_NULL_POINTER;
  if (in->path < 0 || in->path > 1 || in->dtype < 0 || in->dtype > 1 || in->convention < 0 ||
      in->convention > 1 || direction < 0 || direction > 1 || in->tokens < 1 || in->hidden < 1)
    return MHC_TUNED_ERROR_INVALID_VALUE;
  out->path = in->path == MHC_TUNED_STATIC_H ? mhc::HPath::static_h : mhc::HPath::dynamic_h;
  out->direction =
      direction == MHC_TUNED_FORWARD ? mhc::Direction::forward : mhc::Direction::backward;
  out->residual_dtype = in->dtype == MHC_TUNED_F32 ? mhc::Dtype::f32 : mhc::Dtype::bf16;
  out->convention =
      in->convention == MHC_TUNED_PAPER ? mhc::Convention::paper : mhc::Convention::production;
  out->constants = mhc::default_constants(out->convention);
  out->shape = {in->tokens, in->hidden, in->streams};
  return MHC_TUNED_OK;
}

mhc_tuned_status decide(const mhc_tuned_problem* in, int direction, mhc::Problem* problem,
                        DispatchDecision* decision) {
  if (auto s = to_problem(in, direction, problem)) return s;
  *decision = mhc::runtime::decide_dispatch(mhc::runtime::embedded_table(), *problem,
                                            mhc::runtime::force_baseline_from_environment());
  return decision->kind == DispatchKind::none ? MHC_TUNED_ERROR_UNSUPPORTED_SHAPE : MHC_TUNED_OK;
}

mhc_tuned_status run(mhc_tuned_handle handle, const mhc_tuned_problem* in, int direction,
                     const mhc_tuned_tensors* tensors, cudaStream_t stream) {
  try {
    if (handle == nullptr || tensors == nullptr) return MHC_TUNED_ERROR_NULL_POINTER;
    mhc::Problem problem;
    DispatchDecision decision;
    if (auto s = decide(in, direction, &problem, &decision)) return s;
    mhc::TensorPointers pointers{};
    for (int i = 0; i < mhc::kTensorCount; ++i) pointers[i] = tensors->ptr[i];
    for (mhc::Tensor t : mhc::runtime::required_tensors(decision)) {
      void* p = pointers[static_cast<int>(t)];
      if (p == nullptr) return MHC_TUNED_ERROR_NULL_POINTER;
      cudaPointerAttributes attributes{};
      if (cudaPointerGetAttributes(&attributes, p) != cudaSuccess) {
        cudaGetLastError();
        return MHC_TUNED_ERROR_DEVICE_MISMATCH;
      }
      if (attributes.type != cudaMemoryTypeDevice && attributes.type != cudaMemoryTypeManaged)
        return MHC_TUNED_ERROR_DEVICE_MISMATCH;
      if (attributes.device != handle->loader.device()) return MHC_TUNED_ERROR_DEVICE_MISMATCH;
    }
    int previous = 0;
    if (cudaGetDevice(&previous) != cudaSuccess) return MHC_TUNED_ERROR_CUDA;
    if (cudaSetDevice(handle->loader.device()) != cudaSuccess) return MHC_TUNED_ERROR_CUDA;
    const cudaError_t error =
        mhc::runtime::launch_layer(handle->loader, decision, problem, pointers, stream);
    cudaSetDevice(previous);
    return error == cudaSuccess ? MHC_TUNED_OK : MHC_TUNED_ERROR_CUDA;
  } catch (...) {
    return MHC_TUNED_ERROR_INTERNAL;
  }
}

}  // namespace

extern "C" {

const char* mhc_tuned_version(void) {
  return mhc::runtime::embedded_table().version.c_str();
}
const char* mhc_tuned_gpu_name(void) {
  return mhc::runtime::embedded_table().gpu_name.c_str();
}
const char* mhc_tuned_arch(void) {
  return mhc::runtime::embedded_table().arch.c_str();
}

const char* mhc_tuned_status_string(mhc_tuned_status status) {
  switch (status) {
    case MHC_TUNED_OK:
      return "success";
    case MHC_TUNED_ERROR_NULL_POINTER:
      return "a handle, problem or required tensor pointer is null";
    case MHC_TUNED_ERROR_INVALID_VALUE:
      return "invalid value: an enum out of range, or B or C < 1";
    case MHC_TUNED_ERROR_UNSUPPORTED_SHAPE:
      return "unsupported shape: n must be 4, 8, 16 or 32, C a multiple of 8 in [8, 65536], "
             "B*n*C below 2^31, and an embedded kernel must serve it";
    case MHC_TUNED_ERROR_DEVICE_MISMATCH:
      return "a tensor is not device memory of the handle's device";
    case MHC_TUNED_ERROR_CUDA:
      return "a CUDA runtime call failed (kernel load or launch)";
    case MHC_TUNED_ERROR_INTERNAL:
      return "internal error in libmhc_tuned";
  }
  return "unknown mhc_tuned_status";
}

mhc_tuned_status mhc_tuned_create(int device, mhc_tuned_handle* handle) {
  if (handle == nullptr) return MHC_TUNED_ERROR_NULL_POINTER;
  *handle = nullptr;
  int count = 0;
  if (cudaGetDeviceCount(&count) != cudaSuccess) {
    cudaGetLastError();
    return MHC_TUNED_ERROR_CUDA;
  }
  if (device < 0 || device >= count) return MHC_TUNED_ERROR_INVALID_VALUE;
  try {
    *handle = new mhc_tuned_handle_st(device);
  } catch (...) {
    return MHC_TUNED_ERROR_INTERNAL;
  }
  return MHC_TUNED_OK;
}

mhc_tuned_status mhc_tuned_destroy(mhc_tuned_handle handle) {
  if (handle == nullptr) return MHC_TUNED_ERROR_NULL_POINTER;
  delete handle;
  return MHC_TUNED_OK;
}

mhc_tuned_status mhc_tuned_forward(mhc_tuned_handle handle, const mhc_tuned_problem* problem,
                                   const mhc_tuned_tensors* tensors, cudaStream_t stream) {
  return run(handle, problem, MHC_TUNED_FORWARD, tensors, stream);
}

mhc_tuned_status mhc_tuned_backward(mhc_tuned_handle handle, const mhc_tuned_problem* problem,
                                    const mhc_tuned_tensors* tensors, cudaStream_t stream) {
  return run(handle, problem, MHC_TUNED_BACKWARD, tensors, stream);
}

mhc_tuned_status mhc_tuned_query_dispatch(const mhc_tuned_problem* problem, int direction,
                                          mhc_tuned_dispatch_info* info) {
  if (info == nullptr) return MHC_TUNED_ERROR_NULL_POINTER;
  std::memset(info, 0, sizeof *info);
  info->kind = MHC_TUNED_DISPATCH_NONE;
  try {
    mhc::Problem p;
    DispatchDecision decision;
    const mhc_tuned_status status = decide(problem, direction, &p, &decision);
    info->kind = static_cast<int>(decision.kind);  // DispatchKind mirrors mhc_tuned_dispatch_kind
    info->distance = decision.distance;
    if (decision.tuned != nullptr) {
      info->tuned_tokens = decision.tuned->problem.shape.tokens;
      info->tuned_hidden = decision.tuned->problem.shape.hidden;
    }
    if (decision.pipeline != nullptr)
      std::snprintf(info->pipeline, sizeof info->pipeline, "%s", decision.pipeline->name.c_str());
    std::snprintf(info->variants, sizeof info->variants, "%s", decision.describe().c_str());
    return status;
  } catch (...) {
    return MHC_TUNED_ERROR_INTERNAL;
  }
}

}  // extern "C"
