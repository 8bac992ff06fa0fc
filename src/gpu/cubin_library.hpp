#pragma once
// A CUBIN (or NUL-terminated PTX) loaded through the runtime's library API, which needs no libcuda
// at link time, and its kernels looked up by lowered (mangled) name.
#include <cuda_runtime.h>

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace mhc {

// What the loaded binary says about one kernel (cudaFuncGetAttributes on the current device).
struct KernelAttributes {
  int registers = 0;        // per thread
  int64_t local_bytes = 0;  // per thread: stack frame and spills
  int64_t static_shared_bytes = 0;
  int max_threads_per_block = 0;  // what registers and the binary allow
  int binary_version = 0;         // e.g. 90 for sm_90
};

// A kernel of a loaded library; valid while that CubinLibrary lives.
class LoadedKernel {
 public:
  LoadedKernel(cudaKernel_t handle, std::string name, KernelAttributes attributes)
      : handle_(handle), name_(std::move(name)), attributes_(attributes) {}
  cudaKernel_t handle() const { return handle_; }
  const std::string& name() const { return name_; }
  const KernelAttributes& attributes() const { return attributes_; }
  // Raises the kernel's dynamic shared memory limit to at least `bytes` on the current device
  // (needed above 48 KB); a no-op once the limit is high enough.
  void reserve_dynamic_shared(uint32_t bytes);

 private:
  cudaKernel_t handle_;
  std::string name_;
  KernelAttributes attributes_;
  uint32_t dynamic_shared_limit_ = 48 * 1024;  // the default every kernel starts with
};

class CubinLibrary {
 public:
  // The driver keeps its own copy of `image`. `label` names the binary in errors, e.g. the variant.
  CubinLibrary(std::span<const char> image, std::string label);
  ~CubinLibrary();
  CubinLibrary(CubinLibrary&& other) noexcept;
  CubinLibrary& operator=(CubinLibrary&& other) noexcept;
  CubinLibrary(const CubinLibrary&) = delete;
  CubinLibrary& operator=(const CubinLibrary&) = delete;

  // Looks up the kernel and reads its attributes. Reading the attributes loads the kernel into the
  // current device's context, so a lazily loaded module is not loaded inside a timed region.
  LoadedKernel kernel(const std::string& lowered_name) const;
  const std::string& label() const { return label_; }

 private:
  cudaLibrary_t library_ = nullptr;
  std::string label_;
};

// The image of PTX text for CubinLibrary: the library API reads PTX up to its NUL, so `text` must
// be a view of a string literal (or of a std::string), whose terminator follows its last character.
inline std::span<const char> ptx_image(std::string_view text) {
  return {text.data(), text.size() + 1};
}

}  // namespace mhc
