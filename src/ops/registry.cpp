#include "ops/registry.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <stdexcept>

#include "core/errors.hpp"

namespace mhc {

namespace {

template <typename T>
void append(std::vector<T>& all, std::vector<T> group) {
  for (auto& item : group) all.push_back(std::move(item));
}

template <typename T>
const T& find_named(const std::vector<T>& items, std::string_view name, std::string_view what) {
  std::string known;
  for (const auto& item : items) {
    if (item.name == name) return item;
    known += (known.empty() ? "" : ", ") + item.name;
  }
  throw UsageError(fmt::format("unknown {} '{}' (known: {})", what, name, known));
}

}  // namespace

const std::vector<OpDefinition>& op_registry() {
  static const std::vector<OpDefinition> ops = [] {
    std::vector<OpDefinition> all;
    append(all, dynamic_forward_ops());
    append(all, shared_forward_ops());
    append(all, naive_forward_ops());
    append(all, backward_ops());
    append(all, naive_backward_ops());
    return all;
  }();
  return ops;
}

const std::vector<PipelineDefinition>& pipeline_registry() {
  static const std::vector<PipelineDefinition> pipelines = [] {
    std::vector<PipelineDefinition> all;
    append(all, forward_pipelines());
    append(all, backward_pipelines());
    return all;
  }();
  return pipelines;
}

const OpDefinition& find_op(std::string_view name) {
  return find_named(op_registry(), name, "op");
}

const PipelineDefinition& find_pipeline(std::string_view name) {
  return find_named(pipeline_registry(), name, "pipeline");
}

std::vector<const PipelineDefinition*> pipelines_for(const Problem& problem) {
  std::vector<const PipelineDefinition*> result;
  for (const auto& p : pipeline_registry())
    if (p.serves(problem)) result.push_back(&p);
  return result;
}

const PipelineDefinition& baseline_pipeline_for(const Problem& problem) {
  for (const auto* p : pipelines_for(problem))
    if (p->baseline) return *p;
  throw std::logic_error("no baseline pipeline serves " + to_string(problem));
}

}  // namespace mhc
