#pragma once
// One owned allocation of device memory, labelled so every failure says which buffer it was.
#include <cuda_runtime.h>

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

namespace mhc {

// Every byte 0xFF: 0xFFFFFFFF is a NaN as f32 and 0xFFFF a NaN as bf16, so a poisoned output that a
// kernel failed to write fails verification instead of passing as a stale or zero value.
constexpr unsigned char kPoisonByte = 0xFF;

class DeviceBuffer {
 public:
  DeviceBuffer() = default;
  // `label` names the buffer in errors, e.g. "x_next of dynamic/forward/f32/paper/320,1280,4".
  DeviceBuffer(int64_t bytes, std::string label);
  ~DeviceBuffer();
  DeviceBuffer(DeviceBuffer&& other) noexcept;
  DeviceBuffer& operator=(DeviceBuffer&& other) noexcept;
  DeviceBuffer(const DeviceBuffer&) = delete;
  DeviceBuffer& operator=(const DeviceBuffer&) = delete;

  void* data() const { return data_; }
  int64_t bytes() const { return bytes_; }
  const std::string& label() const { return label_; }

  // Copies exactly bytes() bytes; returns when the copy is done (the host side may be freed).
  void upload(std::span<const std::byte> host, cudaStream_t stream) const;
  void download(std::span<std::byte> host, cudaStream_t stream) const;
  // Stream-ordered: queued behind earlier work on `stream`, not waited for.
  void fill(unsigned char byte, cudaStream_t stream) const;
  void poison(cudaStream_t stream) const { fill(kPoisonByte, stream); }

 private:
  void release() noexcept;
  void check_size(size_t host_bytes, const char* what) const;

  void* data_ = nullptr;
  int64_t bytes_ = 0;
  std::string label_;
};

}  // namespace mhc
