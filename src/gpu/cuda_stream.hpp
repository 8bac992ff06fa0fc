#pragma once
// An owned, non-blocking CUDA stream. Measurements run on their own stream so nothing queued on the
// legacy default stream serialises with them.
#include <cuda_runtime.h>

#include <string>
#include <string_view>

namespace mhc {

class CudaStream {
 public:
  explicit CudaStream(std::string_view context = "");
  ~CudaStream();
  CudaStream(CudaStream&& other) noexcept;
  CudaStream& operator=(CudaStream&& other) noexcept;
  CudaStream(const CudaStream&) = delete;
  CudaStream& operator=(const CudaStream&) = delete;

  cudaStream_t get() const { return stream_; }
  // Waits for everything queued so far; a fault in queued work surfaces here as a CudaError.
  void synchronize(std::string_view context) const;

 private:
  cudaStream_t stream_ = nullptr;
};

}  // namespace mhc
