#pragma once
// Page-locked host memory mapped into the device's address space: the host and a running kernel
// both see writes to it, which is what lets the stream blocker wait for a host flag.
#include <cstddef>
#include <string>

namespace mhc {

class PinnedHostBuffer {
 public:
  PinnedHostBuffer(size_t bytes, std::string label);
  ~PinnedHostBuffer();
  PinnedHostBuffer(const PinnedHostBuffer&) = delete;
  PinnedHostBuffer& operator=(const PinnedHostBuffer&) = delete;

  void* host() const { return host_; }
  void* device() const { return device_; }  // the same memory as a kernel addresses it
  size_t bytes() const { return bytes_; }

 private:
  void* host_ = nullptr;
  void* device_ = nullptr;
  size_t bytes_ = 0;
};

}  // namespace mhc
