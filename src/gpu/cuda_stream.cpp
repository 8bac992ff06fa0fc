#include "gpu/cuda_stream.hpp"

#include <utility>

#include "gpu/cuda_error.hpp"

namespace mhc {

CudaStream::CudaStream(std::string_view context) {
  check_cuda(cudaStreamCreateWithFlags(&stream_, cudaStreamNonBlocking), "cudaStreamCreate",
             context);
}

CudaStream::~CudaStream() {
  if (stream_ != nullptr) cudaStreamDestroy(stream_);
}

CudaStream::CudaStream(CudaStream&& other) noexcept
    : stream_(std::exchange(other.stream_, nullptr)) {}

CudaStream& CudaStream::operator=(CudaStream&& other) noexcept {
  if (this != &other) {
    if (stream_ != nullptr) cudaStreamDestroy(stream_);
    stream_ = std::exchange(other.stream_, nullptr);
  }
  return *this;
}

void CudaStream::synchronize(std::string_view context) const {
  check_cuda(cudaStreamSynchronize(stream_), "cudaStreamSynchronize", context);
}

}  // namespace mhc
