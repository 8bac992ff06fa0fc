#include "jit/compiler.hpp"

#include <fmt/format.h>
#include <nvrtc.h>

#include "jit/cache_key.hpp"
#include "jit/kernel_cache.hpp"
#include "jit/nvrtc_compile.hpp"

namespace mhc {

std::string nvrtc_version() {
  int major = 0;
  int minor = 0;
  if (nvrtcVersion(&major, &minor) != NVRTC_SUCCESS) return "unknown";
  return fmt::format("{}.{}", major, minor);
}

CompiledKernel compile_kernel(const CompileRequest& request, const CompilerSettings& settings) {
  const KeyedSource keyed = load_keyed_source(request, settings);
  const KernelCache cache(settings.cache_dir);
  if (settings.use_cache) {
    if (std::optional<CompiledKernel> hit = cache.load(keyed.key)) {
      hit->compile_ms = 0.0;
      return std::move(*hit);
    }
  }
  CompiledKernel kernel = run_nvrtc(keyed.source, request, settings);
  kernel.key = keyed.key;
  if (settings.use_cache) cache.store(kernel, request.label);
  return kernel;
}

}  // namespace mhc
