#include "emit/embedded_kernels.hpp"

#include <fmt/format.h>

#include "jit/kernel_cache.hpp"

namespace mhc::emit {

std::vector<EmbeddedKernel> collect_kernels(const std::vector<KernelRequest>& requests,
                                            const CompilerSettings& settings) {
  const KernelCache cache(settings.cache_dir);
  std::vector<EmbeddedKernel> kernels;
  for (const auto& r : requests) {
    std::optional<CompiledKernel> compiled;
    if (!r.cache_key.empty()) compiled = cache.load(r.cache_key);
    const bool from_key = compiled.has_value() && !compiled->lowered_names.empty();
    if (!from_key) compiled = compile_kernel(r.request, settings);
    if (compiled->lowered_names.empty())
      throw std::runtime_error(fmt::format("{}: no lowered kernel name", r.request.label));
    kernels.push_back({r.request.source_path, r.request.name_expressions.front(),
                       compiled->lowered_names.front(), compiled->cubin, compiled->ptx, from_key});
  }
  return kernels;
}

}  // namespace mhc::emit
