#include "emit/embedded_kernels.hpp"

#include <fmt/format.h>

#include <optional>

#include "jit/compile_many.hpp"
#include "jit/kernel_cache.hpp"

namespace mhc::emit {
namespace {

// The measured binary when the cache still holds it under the database's key.
std::optional<CompiledKernel> measured_binary(const KernelCache& cache, const KernelRequest& r) {
  if (r.cache_key.empty()) return std::nullopt;
  auto compiled = cache.load(r.cache_key);
  if (!compiled || compiled->lowered_names.empty() || compiled->cubin.empty()) return std::nullopt;
  return compiled;
}

std::string failure_text(const CompileOutcome& outcome) {
  return fmt::format("{}: {}", to_string(outcome.failure.kind), outcome.failure.message);
}

}  // namespace

EmbeddedKernels collect_kernels(const std::vector<KernelRequest>& requests,
                                const CompilerSettings& settings, const EmbedOptions& options) {
  const KernelCache cache(settings.cache_dir);
  EmbeddedKernels out;
  out.kernels.resize(requests.size());

  // One batch for everything the cache cannot give: missing CUBINs, then every PTX.
  std::vector<CompileRequest> batch;
  std::vector<std::pair<size_t, bool>> owner;  // (kernel index, is PTX) per batch entry
  for (size_t i = 0; i < requests.size(); ++i) {
    const auto& request = requests[i].request;
    auto& k = out.kernels[i];
    k.source = request.source_path;
    k.name_expression = request.name_expressions.front();
    if (auto compiled = measured_binary(cache, requests[i])) {
      k.lowered_name = compiled->lowered_names.front();
      k.cubin = std::move(compiled->cubin);
      k.from_database_key = true;
    } else {
      batch.push_back(request);
      owner.emplace_back(i, false);
    }
    if (!options.ptx_arch.empty()) {
      CompileRequest ptx = request;
      ptx.arch = options.ptx_arch;
      ptx.label += " (PTX " + options.ptx_arch + ")";
      batch.push_back(std::move(ptx));
      owner.emplace_back(i, true);
    }
  }

  const auto outcomes = compile_many(batch, settings, options.jobs);
  for (size_t b = 0; b < batch.size(); ++b) {
    const auto [i, is_ptx] = owner[b];
    auto& k = out.kernels[i];
    const auto& outcome = outcomes[b];
    if (!outcome.ok() || outcome.kernel->lowered_names.empty()) {
      const std::string why = outcome.ok() ? "no lowered kernel name" : failure_text(outcome);
      if (!is_ptx) throw std::runtime_error(fmt::format("{}: {}", batch[b].label, why));
      out.warnings.push_back(fmt::format("{}: not embedded ({})", batch[b].label, why));
      continue;
    }
    if (is_ptx) {
      k.ptx = outcome.kernel->ptx;
    } else {
      k.lowered_name = outcome.kernel->lowered_names.front();
      k.cubin = outcome.kernel->cubin;
    }
  }
  return out;
}

}  // namespace mhc::emit
