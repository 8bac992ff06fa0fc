#pragma once
// The binaries the package embeds, per kernel: the CUBIN for the tuned architecture, taken from the
// compile cache under the key the database recorded (the binary that was measured) or compiled
// again from the same request, and PTX for a virtual architecture (compute_80 by default) that the
// driver JIT-compiles on GPUs the CUBIN does not run on.
#include <string>
#include <vector>

#include "emit/emit_model.hpp"
#include "jit/compiler_settings.hpp"

namespace mhc::emit {

struct EmbeddedKernel {
  std::string source;
  std::string name_expression;
  std::string lowered_name;
  std::vector<char> cubin;
  std::string ptx;                 // for `ptx_arch`; empty when none was asked for or it failed
  bool from_database_key = false;  // true when the measured binary itself was found
};

struct EmbedOptions {
  std::string ptx_arch = "compute_80";  // empty: CUBIN only
  int jobs = 1;                         // compiler worker processes
};

struct EmbeddedKernels {
  std::vector<EmbeddedKernel> kernels;  // in request order
  std::vector<std::string> warnings;    // PTX that failed to compile (the CUBIN still serves)
};

// Throws std::runtime_error naming the kernel when a CUBIN cannot be had. Compiles in worker
// processes (compile_many), so call it before this process touches CUDA.
EmbeddedKernels collect_kernels(const std::vector<KernelRequest>& requests,
                                const CompilerSettings& settings, const EmbedOptions& options);

}  // namespace mhc::emit
