#include "emit/emit_model.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "core/errors.hpp"
#include "ops/registry.hpp"
#include "plan/variant_plan.hpp"

namespace mhc::emit {
namespace {

const store::Stored<store::DeviceRecord>& choose_device(
    const std::vector<store::Stored<store::DeviceRecord>>& devices, const std::string& gpu) {
  std::vector<const store::Stored<store::DeviceRecord>*> matches;
  for (const auto& d : devices)
    if (gpu.empty() || d.record.name.find(gpu) != std::string::npos || d.record.uuid == gpu)
      matches.push_back(&d);
  if (matches.size() == 1) return *matches.front();
  std::string names;
  for (const auto& d : devices)
    names += fmt::format("{}'{}' ({})", names.empty() ? "" : ", ", d.record.name, d.record.uuid);
  throw UsageError(fmt::format("{} devices match --gpu '{}' in the database (devices: {})",
                               matches.size(), gpu, names.empty() ? "none" : names));
}

const PipelineDefinition* find_in(const std::vector<PipelineDefinition>& pipelines,
                                  const std::string& name) {
  for (const auto& p : pipelines)
    if (p.name == name) return &p;
  return nullptr;
}

void add_kernel(EmitModel& model, const CompileRequest& request, const std::string& cache_key) {
  for (const auto& k : model.kernels)
    if (k.request.source_path == request.source_path &&
        k.request.name_expressions == request.name_expressions)
      return;
  model.kernels.push_back({request, cache_key});
}

void add_pipeline(EmitModel& model, const PipelineDefinition& p, runtime::PipelineRole role) {
  for (auto& existing : model.table.pipelines)
    if (existing.definition.name == p.name) {
      if (role != runtime::PipelineRole::tuned) existing.role = role;
      return;
    }
  model.table.pipelines.push_back({p, role});
}

// The default (first non-baseline) and baseline pipelines of one problem class, at default points.
void add_fallbacks(EmitModel& model, const std::vector<PipelineDefinition>& pipelines,
                   const Problem& problem) {
  bool have_default = false, have_baseline = false;
  for (const auto& p : pipelines) {
    if (!p.serves(problem) || (p.baseline ? have_baseline : have_default)) continue;
    (p.baseline ? have_baseline : have_default) = true;
    add_pipeline(
        model, p,
        p.baseline ? runtime::PipelineRole::baseline : runtime::PipelineRole::default_pipeline);
    for (const auto& name : p.op_names()) {
      const auto& op = find_op(name);
      add_kernel(model, compile_request_for(op, problem, op.default_point(), model.arch), "");
    }
  }
}

}  // namespace

EmitModel build_emit_model(store::TuningDatabase& db, const EmitModelOptions& options) {
  const auto& pipelines = options.pipelines.empty() ? pipeline_registry() : options.pipelines;
  const auto devices = db.devices();
  const auto& device = choose_device(devices, options.gpu);
  EmitModel model;
  model.gpu_name = device.record.name;
  std::string cc = device.record.compute_capability;
  cc.erase(std::remove(cc.begin(), cc.end(), '.'), cc.end());
  model.arch = "sm_" + cc;

  std::map<store::ProblemId, Problem> problems;
  for (const auto& p : db.problems()) problems[p.id] = p.record;
  std::map<store::VariantId, store::VariantRecord> variants;
  for (const auto& v : db.variants()) variants[v.id] = v.record;
  std::map<store::VariantId, std::string> cache_keys;
  for (const auto& c : db.compilations()) cache_keys[c.record.variant_id] = c.record.cache_key;

  // The fastest winner per problem over cache modes.
  std::map<store::ProblemId, store::PipelineWinner> winners;
  for (const auto& w : db.pipeline_winners()) {
    if (w.device_id != device.id) continue;
    auto [it, inserted] = winners.emplace(w.problem_id, w);
    if (!inserted && w.median_us < it->second.median_us) it->second = w;
  }
  for (const auto& w : winners)
    for (const auto& m : w.second.members)
      if (!variants.at(m.variant_id).arch.empty()) model.arch = variants.at(m.variant_id).arch;

  std::vector<Problem> classes;  // one representative problem per tuned class
  for (const auto& [problem_id, w] : winners) {
    const Problem& problem = problems.at(problem_id);
    const PipelineDefinition* pipeline = find_in(pipelines, w.pipeline);
    if (pipeline == nullptr) {
      model.warnings.push_back(
          fmt::format("{}: pipeline '{}' is not defined; skipped", to_string(problem), w.pipeline));
      continue;
    }
    runtime::TunedEntry entry{problem, w.pipeline, {}, w.median_us};
    std::vector<KernelRequest> requests;
    for (const auto& m : w.members) {
      const auto& variant = variants.at(m.variant_id);
      const OpDefinition& op = find_op(m.op);
      const ParamPoint point = ParamPoint::parse(variant.params);
      if (std::any_of(entry.variants.begin(), entry.variants.end(),
                      [&](const auto& v) { return v.op == m.op; }))
        continue;
      entry.variants.push_back({m.op, variant.params, op.geometry(problem, point)});
      const auto key = cache_keys.find(m.variant_id);
      requests.push_back({compile_request_for(op, problem, point, model.arch),
                          key == cache_keys.end() ? "" : key->second});
    }
    add_pipeline(model, *pipeline, runtime::PipelineRole::tuned);
    for (const auto& r : requests) add_kernel(model, r.request, r.cache_key);
    model.table.entries.push_back(std::move(entry));
    Problem representative = problem;
    representative.shape.tokens = representative.shape.hidden = 0;
    if (std::find(classes.begin(), classes.end(), representative) == classes.end())
      classes.push_back(representative);
  }

  if (options.fallback == FallbackScope::all) {
    classes.clear();
    for (auto path : {HPath::static_h, HPath::dynamic_h})
      for (auto direction : {Direction::forward, Direction::backward})
        for (auto dtype : {Dtype::f32, Dtype::bf16})
          for (auto convention : {Convention::paper, Convention::production})
            for (int64_t n : {4, 8, 16, 32}) {
              Problem p{path,  direction,  {0, 0, n},
                        dtype, convention, default_constants(convention)};
              classes.push_back(p);
            }
  }
  for (Problem p : classes) {
    p.shape.tokens = 1024;  // kernel names depend on dtype, n and the point, not on B or C
    p.shape.hidden = 4096;
    add_fallbacks(model, pipelines, p);
  }
  model.table.gpu_name = model.gpu_name;
  model.table.arch = model.arch;
  return model;
}

}  // namespace mhc::emit
