#include "plan/variant_plan.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "ops/registry.hpp"

namespace mhc {

std::string variant_label(const OpDefinition& op, const ParamPoint& point) {
  return fmt::format("{}{{{}}}", op.name, point.to_string());
}

CompileRequest compile_request_for(const OpDefinition& op, const Problem& problem,
                                   const ParamPoint& point, const std::string& arch) {
  CompileRequest request;
  request.source_path = op.source;
  request.name_expressions = {op.kernel_name(problem, point)};
  request.arch = arch;
  request.label = fmt::format("{} [{}]", variant_label(op, point), request.name_expressions[0]);
  return request;
}

std::vector<PlannedVariant> plan_variants(const std::vector<Problem>& problems,
                                          const SearchOptions& options, const std::string& arch) {
  std::vector<PlannedVariant> variants;
  std::map<std::string, size_t> by_kernel;  // source + name expression -> index
  auto add = [&](const OpDefinition& op, const ParamPoint& point, size_t problem_index) {
    const Problem& problem = problems[problem_index];
    const std::string name = op.kernel_name(problem, point);
    const auto [it, inserted] = by_kernel.emplace(op.source + "|" + name, variants.size());
    if (inserted)
      variants.push_back({&op, point, name, compile_request_for(op, problem, point, arch), {}});
    auto& users = variants[it->second].problems;
    if (users.empty() || users.back() != problem_index) users.push_back(problem_index);
  };

  const auto candidates = plan_op_candidates(problems, options);
  size_t next = 0;
  for (size_t pi = 0; pi < problems.size(); ++pi) {
    // plan_op_candidates lists candidates problem by problem, in problem order.
    for (; next < candidates.size() && candidates[next].problem == problems[pi]; ++next)
      add(*candidates[next].op, candidates[next].point, pi);
    for (const auto* pipeline : pipelines_for(problems[pi]))
      for (const auto& name : pipeline->op_names()) {
        if (!options.ops.empty() &&
            std::find(options.ops.begin(), options.ops.end(), name) == options.ops.end())
          continue;
        const auto& op = find_op(name);
        add(op, op.default_point(), pi);
      }
  }
  return variants;
}

}  // namespace mhc
