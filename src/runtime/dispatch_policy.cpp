#include "runtime/dispatch_policy.hpp"

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <optional>

#include "core/shape_limits.hpp"
#include "ops/registry.hpp"

namespace mhc::runtime {
namespace {

const OpDefinition* find_op_or_null(const std::string& name) {
  for (const auto& op : op_registry())
    if (op.name == name) return &op;
  return nullptr;
}

const KernelBinary* find_kernel(const DispatchTable& table, const std::string& source,
                                const std::string& name_expression) {
  for (const auto& k : table.kernels)
    if (k.source == source && k.name_expression == name_expression) return &k;
  return nullptr;
}

// The plan when every op of `pipeline` is valid for `problem` at its point and has an embedded
// kernel; nullopt otherwise. `point_of` gives an op's point (nullopt: the op has none here).
template <typename PointOf>
std::optional<std::vector<PlannedOp>> plan_if_valid(const DispatchTable& table,
                                                    const PipelineDefinition& pipeline,
                                                    const Problem& problem, PointOf point_of) {
  if (!pipeline.serves(problem)) return std::nullopt;
  std::vector<PlannedOp> ops;
  for (const auto& name : pipeline.op_names()) {
    const OpDefinition* op = find_op_or_null(name);
    if (op == nullptr || !op->serves(problem)) return std::nullopt;
    std::optional<ParamPoint> point = point_of(*op);
    if (!point) return std::nullopt;
    try {
      if (op->invalid_reason && !op->invalid_reason(problem, *point).empty()) return std::nullopt;
      const KernelBinary* kernel = find_kernel(table, op->source, op->kernel_name(problem, *point));
      if (kernel == nullptr) return std::nullopt;
      ops.push_back({op, *point, kernel});
    } catch (const std::exception&) {  // a point missing an axis the op now has
      return std::nullopt;
    }
  }
  return ops;
}

const PipelineDefinition* find_pipeline_in(const DispatchTable& table, const std::string& name) {
  for (const auto& p : table.pipelines)
    if (p.definition.name == name) return &p.definition;
  return nullptr;
}

std::optional<DispatchDecision> try_entry(const DispatchTable& table, const TunedEntry& entry,
                                          const Problem& problem, DispatchKind kind) {
  const PipelineDefinition* pipeline = find_pipeline_in(table, entry.pipeline);
  if (pipeline == nullptr) return std::nullopt;
  auto ops = plan_if_valid(table, *pipeline, problem,
                           [&](const OpDefinition& op) -> std::optional<ParamPoint> {
                             for (const auto& v : entry.variants)
                               if (v.op == op.name) return ParamPoint::parse(v.params);
                             return std::nullopt;
                           });
  if (!ops) return std::nullopt;
  return DispatchDecision{kind, pipeline, std::move(*ops), &entry,
                          shape_distance(problem.shape, entry.problem.shape)};
}

std::optional<DispatchDecision> try_role(const DispatchTable& table, PipelineRole role,
                                         const Problem& problem, DispatchKind kind) {
  for (const auto& p : table.pipelines) {
    if (p.role != role) continue;
    auto ops = plan_if_valid(
        table, p.definition, problem,
        [](const OpDefinition& op) -> std::optional<ParamPoint> { return op.default_point(); });
    if (ops) return DispatchDecision{kind, &p.definition, std::move(*ops), nullptr, 0.0};
  }
  return std::nullopt;
}

bool same_class(const Problem& a, const Problem& b) {
  return a.path == b.path && a.direction == b.direction && a.residual_dtype == b.residual_dtype &&
         a.convention == b.convention && a.shape.streams == b.shape.streams;
}

}  // namespace

std::string DispatchDecision::describe() const {
  std::string text;
  for (const auto& p : ops)
    text += (text.empty() ? "" : ";") + p.op->name + "{" + p.point.to_string() + "}";
  return text;
}

double shape_distance(const Shape& a, const Shape& b) {
  return std::abs(std::log2(static_cast<double>(a.tokens) / static_cast<double>(b.tokens))) +
         std::abs(std::log2(static_cast<double>(a.hidden) / static_cast<double>(b.hidden)));
}

bool force_baseline_from_environment() {
  const char* value = std::getenv("MHC_TUNED_FORCE_BASELINE");
  return value != nullptr && std::strcmp(value, "1") == 0;
}

DispatchDecision decide_dispatch(const DispatchTable& table, const Problem& problem,
                                 bool force_baseline) {
  if (!within_shape_limits(problem.shape)) return {};
  if (!force_baseline) {
    for (const auto& entry : table.entries)
      if (entry.problem == problem)
        if (auto d = try_entry(table, entry, problem, DispatchKind::exact)) return *d;
    std::optional<DispatchDecision> best;
    for (const auto& entry : table.entries) {
      if (!same_class(entry.problem, problem)) continue;
      const double distance = shape_distance(problem.shape, entry.problem.shape);
      if (distance > kMaxNearestDistance || (best && distance >= best->distance)) continue;
      if (auto d = try_entry(table, entry, problem, DispatchKind::nearest)) best = std::move(d);
    }
    if (best) return *best;
    if (auto d = try_role(table, PipelineRole::default_pipeline, problem,
                          DispatchKind::default_pipeline))
      return *d;
  }
  if (auto d = try_role(table, PipelineRole::baseline, problem, DispatchKind::baseline)) return *d;
  return {};
}

}  // namespace mhc::runtime
