#include "gpu/cuda_event.hpp"

#include <utility>

#include "gpu/cuda_error.hpp"

namespace mhc {

CudaEvent::CudaEvent(std::string_view context) {
  check_cuda(cudaEventCreateWithFlags(&event_, cudaEventDefault), "cudaEventCreate", context);
}

CudaEvent::~CudaEvent() {
  if (event_ != nullptr) cudaEventDestroy(event_);
}

CudaEvent::CudaEvent(CudaEvent&& other) noexcept : event_(std::exchange(other.event_, nullptr)) {}

CudaEvent& CudaEvent::operator=(CudaEvent&& other) noexcept {
  if (this != &other) {
    if (event_ != nullptr) cudaEventDestroy(event_);
    event_ = std::exchange(other.event_, nullptr);
  }
  return *this;
}

void CudaEvent::record(cudaStream_t stream, std::string_view context) const {
  check_cuda(cudaEventRecord(event_, stream), "cudaEventRecord", context);
}

void CudaEvent::synchronize(std::string_view context) const {
  check_cuda(cudaEventSynchronize(event_), "cudaEventSynchronize", context);
}

float elapsed_ms(const CudaEvent& start, const CudaEvent& end, std::string_view context) {
  float ms = 0.0f;
  check_cuda(cudaEventElapsedTime(&ms, start.get(), end.get()), "cudaEventElapsedTime", context);
  return ms;
}

}  // namespace mhc
