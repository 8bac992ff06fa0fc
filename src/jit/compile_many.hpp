#pragma once
// Many compiles at once, in worker processes: NVRTC serialises most of a compile inside one
// process, so threads gain ~10% where processes scale with cores. A worker also contains what a
// pathological variant does to the compiler (a hang, a crash).
//
// Call compile_many only from a process that has not initialised CUDA and has no other thread
// inside NVRTC: workers are fork()ed without exec, and a forked CUDA context is unusable. The
// sweep compiles in its parent process, which never touches the GPU; measuring happens in a
// separate worker.
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "jit/compiler.hpp"

namespace mhc {

enum class CompileFailureKind {
  kCompileError,  // NVRTC rejected the source
  kTimeout,       // the worker ran past settings.worker_timeout and was killed
  kCrash,         // the worker died without reporting (a signal, an unexpected exit)
  kError,         // anything else: a missing file, an unknown arch, an unwritable cache
};

std::string to_string(CompileFailureKind kind);

struct CompileFailure {
  CompileFailureKind kind = CompileFailureKind::kError;
  std::string message;  // one line, naming the request label
  std::string log;      // NVRTC's full log for a compile error, else empty
};

// Either the kernel or why there is none.
struct CompileOutcome {
  std::optional<CompiledKernel> kernel;
  CompileFailure failure;  // meaningful only when !ok()
  bool ok() const { return kernel.has_value(); }
};

// Reported once per request as it finishes, in finishing order.
struct CompileProgress {
  size_t index = 0;     // into the request list
  size_t finished = 0;  // requests finished so far, this one included
  size_t total = 0;
  const CompileOutcome* outcome = nullptr;
};
using CompileProgressCallback = std::function<void(const CompileProgress&)>;

// Compiles every request with up to `jobs` worker processes and returns the outcomes in request
// order. Cache hits are served in this process without a worker. Each worker compiles one request
// into the cache (a private temporary one when settings.use_cache is off), and this process reads
// the entry back. Even jobs=1 uses a worker, so the timeout always holds (jobs < 1 counts as 1).
// Never throws for a failing request: the failure is its outcome.
std::vector<CompileOutcome> compile_many(const std::vector<CompileRequest>& requests,
                                         const CompilerSettings& settings, int jobs,
                                         const CompileProgressCallback& progress = {});

}  // namespace mhc
