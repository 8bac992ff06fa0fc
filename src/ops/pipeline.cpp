#include "ops/pipeline.hpp"

#include <algorithm>

namespace mhc {

bool PipelineDefinition::serves(const Problem& problem) const {
  return problem.path == path && problem.direction == direction &&
         std::find(conventions.begin(), conventions.end(), problem.convention) != conventions.end();
}

std::vector<std::string> PipelineDefinition::op_names() const {
  std::vector<std::string> names;
  for (const auto& step : steps)
    for (const auto& op : step.ops)
      if (std::find(names.begin(), names.end(), op) == names.end()) names.push_back(op);
  return names;
}

std::vector<std::pair<std::string, int>> PipelineDefinition::launches(
    const Problem& problem) const {
  std::vector<std::pair<std::string, int>> order;
  for (const auto& step : steps) {
    const int repeats = step.per_sinkhorn_iteration ? problem.constants.sinkhorn_iters : 1;
    for (int i = 0; i < repeats; ++i)
      for (const auto& op : step.ops) order.emplace_back(op, i);
  }
  return order;
}

PipelineDefinition make_pipeline(std::string name, std::string description, HPath path,
                                 Direction direction, bool baseline,
                                 std::vector<PipelineStep> steps) {
  PipelineDefinition p;
  p.name = std::move(name);
  p.description = std::move(description);
  p.path = path;
  p.direction = direction;
  p.baseline = baseline;
  p.steps = std::move(steps);
  return p;
}

}  // namespace mhc
