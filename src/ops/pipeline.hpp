#pragma once
// A pipeline is one decomposition of a problem into ops (unfused, partly fused, fully fused).
// Tuning compares pipelines end to end, because the fastest single kernels do not always make the
// fastest layer; the naive baseline is a pipeline like any other.
#include <string>
#include <vector>

#include "core/problem.hpp"

namespace mhc {

struct PipelineStep {
  std::vector<std::string> ops;
  // Launch `ops` once per Sinkhorn iteration (t_max times, MhcLayerArgs::step = iteration), the way
  // an eager framework runs the row/column normalisation loop.
  bool per_sinkhorn_iteration = false;
};

struct PipelineDefinition {
  std::string name;         // "dynamic_fused_pre"
  std::string description;  // one line
  HPath path = HPath::dynamic_h;
  Direction direction = Direction::forward;
  std::vector<Convention> conventions = {Convention::paper, Convention::production};
  bool baseline = false;  // the naive one-kernel-per-elementary-step decomposition
  std::vector<PipelineStep> steps;

  bool serves(const Problem& problem) const;
  // The distinct ops in first-use order.
  std::vector<std::string> op_names() const;
  // The ops in launch order for this problem (per-iteration steps expanded), with the step index
  // each launch gets in MhcLayerArgs::step.
  std::vector<std::pair<std::string, int>> launches(const Problem& problem) const;
};

PipelineDefinition make_pipeline(std::string name, std::string description, HPath path,
                                 Direction direction, bool baseline,
                                 std::vector<PipelineStep> steps);

}  // namespace mhc
