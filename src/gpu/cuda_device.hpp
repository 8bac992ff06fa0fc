#pragma once
// The GPU this process works on. Selecting it makes it current for the calling thread and creates
// its primary context up front, so the first timed call pays no context creation.
#include <cstdint>
#include <string>

namespace mhc {

class CudaDevice {
 public:
  // Throws NoDeviceError when there is no driver or no GPU, CudaError when `ordinal` is out of
  // range or the context cannot be created.
  explicit CudaDevice(int ordinal = 0);

  int ordinal() const { return ordinal_; }
  int compute_major() const { return major_; }
  int compute_minor() const { return minor_; }
  int64_t l2_bytes() const { return l2_bytes_; }
  int sm_count() const { return sm_count_; }
  // "sm_90": the architecture NVRTC compiles a CUBIN for on this device.
  std::string sm_arch() const;
  // Makes this device current on the calling thread (threads start on device 0).
  void make_current() const;

 private:
  int ordinal_;
  int major_ = 0, minor_ = 0;
  int64_t l2_bytes_ = 0;
  int sm_count_ = 0;
};

}  // namespace mhc
