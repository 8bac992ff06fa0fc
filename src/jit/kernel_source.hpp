#pragma once
// A kernel source file with every header it includes with quotes, read from the kernels
// directory. The cache key hashes this content, so an edit to any header makes a new key.
#include <filesystem>
#include <string>
#include <vector>

namespace mhc {

struct SourceFile {
  std::string relative_path;  // to the kernels directory, so keys do not depend on where it is
  std::string text;
};

struct KernelSource {
  std::filesystem::path main_path;  // absolute: NVRTC's program name, see load_kernel_source
  std::vector<SourceFile> files;    // the main file first, then its includes, depth first
  // Quoted includes that are not under the kernels directory (e.g. "cuda_bf16.h" from CUDA's
  // include path): hashed by name only; NVRTC's version stands for the toolkit's headers.
  std::vector<std::string> external_includes;
  const std::string& text() const { return files.front().text; }
};

// Reads `source_path` (relative to `kernels_dir`) and, recursively, each `#include "..."` it
// names, resolved as NVRTC does: next to the including file first, then in `kernels_dir`. A
// directive inside #if is followed too: hashing a header that is not used costs only a new key.
// Throws std::runtime_error when the main file cannot be read.
KernelSource load_kernel_source(const std::filesystem::path& kernels_dir,
                                const std::string& source_path);

}  // namespace mhc
