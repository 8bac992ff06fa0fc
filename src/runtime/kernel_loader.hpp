#pragma once
// Loads embedded kernels into one device lazily: a kernel's library is loaded on its first launch,
// under a mutex, so handles may be shared between threads. The CUBIN is tried first; when the
// driver rejects it (another architecture), the PTX is JIT-compiled by the driver instead. Call
// get() with the handle's device current.
#include <cuda_runtime_api.h>

#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "runtime/dispatch_table.hpp"

namespace mhc::runtime {

class KernelLoader {
 public:
  explicit KernelLoader(int device) : device_(device) {}
  ~KernelLoader();
  KernelLoader(const KernelLoader&) = delete;
  KernelLoader& operator=(const KernelLoader&) = delete;

  int device() const { return device_; }
  // The loaded kernel, loading it on first use; the error of the failed load otherwise.
  cudaError_t get(const KernelBinary& binary, cudaKernel_t* kernel);

 private:
  int device_;
  std::mutex mutex_;
  std::map<const KernelBinary*, cudaKernel_t> kernels_;
  std::vector<cudaLibrary_t> libraries_;
};

}  // namespace mhc::runtime
