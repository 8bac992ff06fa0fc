#pragma once
// An owned CUDA event with timing enabled: the cross-check timer and the fallback when CUPTI
// cannot subscribe.
#include <cuda_runtime.h>

#include <string_view>

namespace mhc {

class CudaEvent {
 public:
  explicit CudaEvent(std::string_view context = "");
  ~CudaEvent();
  CudaEvent(CudaEvent&& other) noexcept;
  CudaEvent& operator=(CudaEvent&& other) noexcept;
  CudaEvent(const CudaEvent&) = delete;
  CudaEvent& operator=(const CudaEvent&) = delete;

  cudaEvent_t get() const { return event_; }
  void record(cudaStream_t stream, std::string_view context) const;
  void synchronize(std::string_view context) const;

 private:
  cudaEvent_t event_ = nullptr;
};

// Milliseconds between two recorded, completed events (resolution about 0.5 us).
float elapsed_ms(const CudaEvent& start, const CudaEvent& end, std::string_view context);

}  // namespace mhc
