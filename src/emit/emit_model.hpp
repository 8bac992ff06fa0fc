#pragma once
// What `mhc-tune emit` reads from the tuning database alone: the GPU, its architecture, and per
// tuned problem the winning pipeline with each op's variant. Plus the kernels the package embeds:
// the winners', and the default and baseline pipelines' at default points for every supported
// (path, direction, dtype, convention, n), so dispatch always has a fallback.
#include <string>
#include <vector>

#include "jit/compiler.hpp"
#include "ops/pipeline.hpp"
#include "runtime/dispatch_table.hpp"
#include "store/tuning_database.hpp"

namespace mhc::emit {

enum class FallbackScope { all, tuned };  // every supported class, or only the classes tuned

struct EmitModelOptions {
  std::string gpu;  // substring of the device name or uuid; empty: the database's only device
  FallbackScope fallback = FallbackScope::all;
  // The pipelines to resolve names against (the registry's by default; tests pass their own).
  std::vector<PipelineDefinition> pipelines;
};

struct KernelRequest {
  CompileRequest request;
  std::string cache_key;  // the database's key for the measured binary; empty for fallbacks
};

struct EmitModel {
  std::string gpu_name;
  std::string arch;
  runtime::DispatchTable table;  // kernels left empty: filled from `kernels` once compiled
  std::vector<KernelRequest> kernels;
  std::vector<std::string> warnings;  // winners skipped, and why
};

EmitModel build_emit_model(store::TuningDatabase& db, const EmitModelOptions& options);

}  // namespace mhc::emit
