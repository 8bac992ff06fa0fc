#pragma once
// NVRTC behind one call: source + options + target -> CUBIN (or PTX) with the lowered kernel
// names, the log and the resources ptxas reports, through a content-keyed disk cache.
// The flow is key -> cache -> compile -> publish (compiler.cpp); compile_many.hpp runs many
// requests in worker processes.
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "jit/compiler_settings.hpp"

namespace mhc {

struct CompileRequest {
  std::string source_path;  // relative to the kernels/ directory, e.g. "post_mix.cu"
  std::vector<std::string> name_expressions;  // e.g. "mhc_post_mix<float, 4, 128, 4>"
  std::vector<std::string> options;           // extra NVRTC options, e.g. "-DMHC_VEC=4"
  std::string arch;   // "sm_90a" gives a CUBIN (and PTX); "compute_90" gives PTX only
  std::string label;  // who asked, for error messages: "post_mix{threads=128,vec=4}"
};

struct ResourceUsage {
  int registers = -1;         // per thread
  int64_t spill_stores = -1;  // bytes
  int64_t spill_loads = -1;   // bytes
  int64_t stack_bytes = -1;
  int64_t shared_bytes = -1;  // static shared memory
};

struct CompiledKernel {
  std::string key;          // hex cache key: source with includes, options, arch, NVRTC version
  std::vector<char> cubin;  // empty for a virtual arch
  std::string ptx;
  std::vector<std::string> lowered_names;  // one per name expression, same order
  std::string log;                         // NVRTC + ptxas log
  ResourceUsage usage;                     // of the first name expression's kernel
  double compile_ms = 0.0;                 // 0 on a cache hit
  bool cache_hit = false;
};

// Thrown when NVRTC rejects the program; what() is the first error line, log() everything.
class CompileError : public std::runtime_error {
 public:
  CompileError(const std::string& message, std::string log)
      : std::runtime_error(message), log_(std::move(log)) {}
  const std::string& log() const { return log_; }

 private:
  std::string log_;
};

// Compiles `request` (or takes it from the cache when settings.use_cache). Throws CompileError when
// NVRTC rejects the source, std::runtime_error for anything else (missing file, bad arch).
CompiledKernel compile_kernel(const CompileRequest& request, const CompilerSettings& settings);

// The NVRTC library's version, e.g. "13.0". Part of every cache key.
std::string nvrtc_version();

}  // namespace mhc
