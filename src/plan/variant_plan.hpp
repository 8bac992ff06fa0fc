#pragma once
// From problems to the distinct kernels a sweep needs: every (op, point) a problem's pipelines use,
// and the compile request for each. Many problems share a binary (B and C are runtime arguments;
// dtype, n and the parameters are template arguments), so requests are deduplicated by what NVRTC
// would be asked to compile.
#include <string>
#include <vector>

#include "jit/compiler.hpp"
#include "plan/candidates.hpp"

namespace mhc {

struct PlannedVariant {
  const OpDefinition* op = nullptr;
  ParamPoint point;
  std::string kernel_name;  // the name expression
  CompileRequest request;
  std::vector<size_t> problems;  // indices of the problems that use it
};

// `op.name{a=1,b=2}`: how a variant is named in messages and logs.
std::string variant_label(const OpDefinition& op, const ParamPoint& point);

CompileRequest compile_request_for(const OpDefinition& op, const Problem& problem,
                                   const ParamPoint& point, const std::string& arch);

// The op candidates of plan_op_candidates plus the default point of every other op the problems'
// pipelines use (the naive baseline's steps, fused ops without axes), one entry per distinct
// kernel. A non-empty options.ops keeps only those ops.
std::vector<PlannedVariant> plan_variants(const std::vector<Problem>& problems,
                                          const SearchOptions& options, const std::string& arch);

}  // namespace mhc
