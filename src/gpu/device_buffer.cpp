#include "gpu/device_buffer.hpp"

#include <fmt/format.h>

#include <stdexcept>
#include <utility>

#include "gpu/cuda_error.hpp"

namespace mhc {

DeviceBuffer::DeviceBuffer(int64_t bytes, std::string label)
    : bytes_(bytes), label_(std::move(label)) {
  if (bytes < 0) throw std::invalid_argument(fmt::format("negative size for {}", label_));
  if (bytes > 0)
    check_cuda(cudaMalloc(&data_, static_cast<size_t>(bytes)), "cudaMalloc",
               fmt::format("{} ({} bytes)", label_, bytes));
}

DeviceBuffer::~DeviceBuffer() {
  release();
}

DeviceBuffer::DeviceBuffer(DeviceBuffer&& other) noexcept
    : data_(std::exchange(other.data_, nullptr)),
      bytes_(std::exchange(other.bytes_, 0)),
      label_(std::move(other.label_)) {}

DeviceBuffer& DeviceBuffer::operator=(DeviceBuffer&& other) noexcept {
  if (this != &other) {
    release();
    data_ = std::exchange(other.data_, nullptr);
    bytes_ = std::exchange(other.bytes_, 0);
    label_ = std::move(other.label_);
  }
  return *this;
}

void DeviceBuffer::release() noexcept {
  if (data_ != nullptr) cudaFree(data_);
  data_ = nullptr;
}

void DeviceBuffer::check_size(size_t host_bytes, const char* what) const {
  if (host_bytes != static_cast<size_t>(bytes_))
    throw std::invalid_argument(fmt::format("{} of {}: host has {} bytes, device buffer {}", what,
                                            label_, host_bytes, bytes_));
}

void DeviceBuffer::upload(std::span<const std::byte> host, cudaStream_t stream) const {
  check_size(host.size(), "upload");
  if (bytes_ == 0) return;
  check_cuda(cudaMemcpyAsync(data_, host.data(), host.size(), cudaMemcpyHostToDevice, stream),
             "cudaMemcpyAsync(host to device)", label_);
  check_cuda(cudaStreamSynchronize(stream), "cudaStreamSynchronize", "upload of " + label_);
}

void DeviceBuffer::download(std::span<std::byte> host, cudaStream_t stream) const {
  check_size(host.size(), "download");
  if (bytes_ == 0) return;
  check_cuda(cudaMemcpyAsync(host.data(), data_, host.size(), cudaMemcpyDeviceToHost, stream),
             "cudaMemcpyAsync(device to host)", label_);
  check_cuda(cudaStreamSynchronize(stream), "cudaStreamSynchronize", "download of " + label_);
}

void DeviceBuffer::fill(unsigned char byte, cudaStream_t stream) const {
  if (bytes_ == 0) return;
  check_cuda(cudaMemsetAsync(data_, byte, static_cast<size_t>(bytes_), stream), "cudaMemsetAsync",
             label_);
}

}  // namespace mhc
