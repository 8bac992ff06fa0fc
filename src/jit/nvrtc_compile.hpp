#pragma once
// One NVRTC compile of a loaded kernel source: the option set, the run, and what comes out of it.
#include <string>
#include <vector>

#include "jit/compiler.hpp"
#include "jit/kernel_source.hpp"

namespace mhc {

// Every option that decides the binary: the fixed ones, the architecture and the request's own.
// The cache key hashes exactly these. Throws std::runtime_error for an arch that is neither
// sm_XX[a] nor compute_XX[a].
std::vector<std::string> nvrtc_options(const CompileRequest& request);

// The --include-path options. They only say where files are; the key hashes file contents.
std::vector<std::string> include_path_options(const CompilerSettings& settings);

// The first line of an NVRTC log that reports an error (else its first non-empty line).
std::string first_error_line(const std::string& log);

// Compiles with NVRTC and fills every field but `key` and `cache_hit`. Throws CompileError when
// the source does not compile.
CompiledKernel run_nvrtc(const KernelSource& source, const CompileRequest& request,
                         const CompilerSettings& settings);

}  // namespace mhc
