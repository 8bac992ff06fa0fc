#pragma once
// What `mhc-tune emit` generates (templates/emit/dispatch_table.cpp.in): the tuned shapes with
// their pipeline and variants, the pipelines the library can run, and the embedded kernels. Plain
// data, read by the dispatch policy and the loader; no measurement is recomputed at run time.
#include <cstddef>
#include <string>
#include <vector>

#include "core/launch_geometry.hpp"
#include "core/problem.hpp"
#include "ops/pipeline.hpp"

namespace mhc::runtime {

// One compiled kernel. Looked up by (source, name_expression): the same text NVRTC was given, so
// an op's kernel_name(problem, point) for a new shape finds the binary that implements it.
struct KernelBinary {
  std::string source;           // relative to kernels/
  std::string name_expression;  // "mhc_post_mix<float, 4, 128, 4>"
  std::string lowered_name;     // the mangled symbol in the CUBIN / PTX
  const unsigned char* cubin = nullptr;
  std::size_t cubin_size = 0;
  // For DispatchTable::ptx_arch, zero-terminated (the size counts the zero); null when not
  // embedded. The driver JIT-compiles it where the CUBIN does not run (another architecture).
  const unsigned char* ptx = nullptr;
  std::size_t ptx_size = 0;
};

struct TunedVariant {
  std::string op;
  std::string params;       // "threads=128,vec=4"
  LaunchGeometry geometry;  // at the tuned shape; other shapes recompute it from the op
};

struct TunedEntry {
  Problem problem;
  std::string pipeline;
  std::vector<TunedVariant> variants;  // one per distinct op, first-use order
  double median_us = 0.0;
};

enum class PipelineRole { tuned, default_pipeline, baseline };

struct TablePipeline {
  PipelineDefinition definition;
  PipelineRole role = PipelineRole::tuned;
};

struct DispatchTable {
  std::string version;
  std::string gpu_name;
  std::string arch;      // of the CUBINs: "sm_90a"
  std::string ptx_arch;  // of the PTX: "compute_80"; empty when none is embedded
  std::vector<TunedEntry> entries;
  std::vector<TablePipeline> pipelines;
  std::vector<KernelBinary> kernels;
};

// The table generated into this build of libmhc_tuned (defined by the generated source).
const DispatchTable& embedded_table();

}  // namespace mhc::runtime
