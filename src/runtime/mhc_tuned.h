/* libmhc_tuned: the mHC layer kernels that `mhc-tune emit` found fastest on one GPU, behind a small
 * C API. No NVRTC or nvcc is needed at run time: the kernels are embedded as CUBIN (for the tuned
 * architecture) and PTX (which the driver JIT-compiles for other architectures it accepts).
 *
 * Every call returns a status; mhc_tuned_status_string() says what it means. Work is enqueued on
 * the caller's stream and never synchronised by the library. */
#ifndef MHC_TUNED_H
#define MHC_TUNED_H

#include <cuda_runtime_api.h>

#if defined(_WIN32)
#define MHC_TUNED_API
#else
#define MHC_TUNED_API __attribute__((visibility("default")))
#endif

#ifdef __cplusplus
extern "C" {
#endif

typedef enum mhc_tuned_status {
  MHC_TUNED_OK = 0,
  MHC_TUNED_ERROR_NULL_POINTER = 1,      /* a handle, problem or required tensor pointer is null */
  MHC_TUNED_ERROR_INVALID_VALUE = 2,     /* an enum out of range, or B or C below 1 */
  MHC_TUNED_ERROR_UNSUPPORTED_SHAPE = 3, /* n not in {4,8,16,32}, C not a multiple of 8 in
                                            [8, 65536], B*n*C >= 2^31, or no kernel serves it */
  MHC_TUNED_ERROR_DEVICE_MISMATCH = 4,   /* a tensor is not memory of the handle's device */
  MHC_TUNED_ERROR_CUDA = 5,              /* a CUDA runtime call failed (module load or launch) */
  MHC_TUNED_ERROR_INTERNAL = 6
} mhc_tuned_status;

typedef enum mhc_tuned_path { MHC_TUNED_STATIC_H = 0, MHC_TUNED_DYNAMIC_H = 1 } mhc_tuned_path;
typedef enum mhc_tuned_dtype { MHC_TUNED_F32 = 0, MHC_TUNED_BF16 = 1 } mhc_tuned_dtype;
typedef enum mhc_tuned_convention {
  MHC_TUNED_PAPER = 0,
  MHC_TUNED_PRODUCTION = 1
} mhc_tuned_convention;
typedef enum mhc_tuned_direction {
  MHC_TUNED_FORWARD = 0,
  MHC_TUNED_BACKWARD = 1
} mhc_tuned_direction;

/* One layer: residual stream [tokens, streams, hidden] of residual dtype `dtype`. The constants are
 * the convention's defaults (mhc-tune's paper_constants / production_constants). */
typedef struct mhc_tuned_problem {
  int path;       /* mhc_tuned_path */
  int dtype;      /* mhc_tuned_dtype */
  int convention; /* mhc_tuned_convention */
  long long tokens, hidden, streams;
} mhc_tuned_problem;

/* Device pointers of the layer's tensors, indexed like mhc::Tensor (kernels/common/mhc_layer_args.h
 * documents each one's shape and storage). Only those the dispatched kernels use must be set. */
#define MHC_TUNED_TENSOR_COUNT 28
typedef struct mhc_tuned_tensors {
  void* ptr[MHC_TUNED_TENSOR_COUNT];
} mhc_tuned_tensors;

typedef enum mhc_tuned_dispatch_kind {
  MHC_TUNED_DISPATCH_EXACT = 0,    /* this shape was tuned */
  MHC_TUNED_DISPATCH_NEAREST = 1,  /* the nearest tuned shape's variants (`distance` <= 4) */
  MHC_TUNED_DISPATCH_DEFAULT = 2,  /* no tuned shape fits: the default pipeline, default variants */
  MHC_TUNED_DISPATCH_BASELINE = 3, /* MHC_TUNED_FORCE_BASELINE=1: the unfused baseline */
  MHC_TUNED_DISPATCH_NONE = 4      /* nothing embedded can run this shape */
} mhc_tuned_dispatch_kind;

typedef struct mhc_tuned_dispatch_info {
  int kind;                             /* mhc_tuned_dispatch_kind */
  double distance;                      /* |log2(B/B')| + |log2(C/C')| to the tuned shape used */
  long long tuned_tokens, tuned_hidden; /* B', C' of that shape (0 unless EXACT or NEAREST) */
  char pipeline[64];
  char variants[1024]; /* "op{k=v,...};..." in launch order */
} mhc_tuned_dispatch_info;

typedef struct mhc_tuned_handle_st* mhc_tuned_handle;

MHC_TUNED_API const char* mhc_tuned_version(void);
MHC_TUNED_API const char* mhc_tuned_gpu_name(void); /* the GPU the kernels were tuned on */
MHC_TUNED_API const char* mhc_tuned_arch(void);     /* e.g. "sm_90a" */
MHC_TUNED_API const char* mhc_tuned_status_string(mhc_tuned_status status);

/* A handle serves one device; kernels are loaded on first use, thread-safely. */
MHC_TUNED_API mhc_tuned_status mhc_tuned_create(int device, mhc_tuned_handle* handle);
MHC_TUNED_API mhc_tuned_status mhc_tuned_destroy(mhc_tuned_handle handle);

MHC_TUNED_API mhc_tuned_status mhc_tuned_forward(mhc_tuned_handle handle,
                                                 const mhc_tuned_problem* problem,
                                                 const mhc_tuned_tensors* tensors,
                                                 cudaStream_t stream);
MHC_TUNED_API mhc_tuned_status mhc_tuned_backward(mhc_tuned_handle handle,
                                                  const mhc_tuned_problem* problem,
                                                  const mhc_tuned_tensors* tensors,
                                                  cudaStream_t stream);

/* Which pipeline and variants a problem dispatches to (needs no GPU). */
MHC_TUNED_API mhc_tuned_status mhc_tuned_query_dispatch(const mhc_tuned_problem* problem,
                                                        int direction,
                                                        mhc_tuned_dispatch_info* info);

#ifdef __cplusplus
}
#endif

#endif
