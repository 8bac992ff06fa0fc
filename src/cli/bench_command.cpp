// `mhc-tune bench`: run, verify and time one op variant (or one pipeline with its default variants)
// on one problem, in this process, and print the numbers with the roofline beside them.
#include <fmt/format.h>

#include <memory>

#include "cli/command.hpp"
#include "cli/gpu_option.hpp"
#include "core/errors.hpp"
#include "jit/compiler.hpp"
#include "measure/copy_bandwidth.hpp"
#include "ops/registry.hpp"
#include "ops/roofline.hpp"
#include "plan/shape_catalog.hpp"
#include "plan/variant_plan.hpp"
#include "sweep/job_builder.hpp"
#include "sweep/job_executor.hpp"

namespace mhc::cli {
namespace {

struct BenchOptions {
  std::string gpu = "auto";
  std::string op;
  std::string pipeline;
  std::string shape;
  std::string params;
  std::string path = "dynamic";
  std::string direction = "forward";
  std::string dtype = "f32";
  std::string convention = "paper";
  bool hot = false;
  bool cold = false;
  bool events = false;
  uint64_t seed = 1;
};

// Checks the op's point: every axis named once with an allowed value; missing axes take defaults.
ParamPoint resolve_point(const OpDefinition& op, const std::string& text) {
  const ParamPoint given = text.empty() ? ParamPoint() : ParamPoint::parse(text);
  std::vector<std::pair<std::string, int64_t>> values;
  for (const auto& axis : op.axes) {
    int64_t value = axis.default_value;
    for (const auto& [name, v] : given.values())
      if (name == axis.name) value = v;
    if (std::find(axis.values.begin(), axis.values.end(), value) == axis.values.end())
      throw UsageError(fmt::format("{}={} is not allowed for {} (allowed: {})", axis.name, value,
                                   op.name, fmt::join(axis.values, ", ")));
    values.emplace_back(axis.name, value);
  }
  for (const auto& [name, v] : given.values())
    if (std::none_of(op.axes.begin(), op.axes.end(),
                     [&](const ParamAxis& a) { return a.name == name; }))
      throw UsageError(fmt::format("{} has no parameter '{}'", op.name, name));
  return ParamPoint(values);
}

VariantChoice compile_variant(const OpDefinition& op, const Problem& problem,
                              const ParamPoint& point, const std::string& arch,
                              const CompilerSettings& settings) {
  const auto kernel = compile_kernel(compile_request_for(op, problem, point, arch), settings);
  return {point, {kernel.key, kernel.lowered_names.at(0)}};
}

int run_bench(const BenchOptions& o) {
  if (o.op.empty() == o.pipeline.empty())
    throw UsageError("give exactly one of --op and --pipeline");
  if (o.hot && o.cold) throw UsageError("--hot and --cold exclude each other");
  Problem problem;
  problem.shape = parse_shape(o.shape);
  problem.path = parse_path(o.path);
  problem.direction = parse_direction(o.direction);
  problem.residual_dtype = parse_dtype(o.dtype);
  problem.convention = parse_convention(o.convention);
  problem.constants = default_constants(problem.convention);

  // Input is checked before the GPU is looked for, so a typo is a usage error on any machine.
  const OpDefinition* op = nullptr;
  const PipelineDefinition* pipeline = nullptr;
  ParamPoint point;
  if (!o.op.empty()) {
    op = &find_op(o.op);
    if (!op->serves(problem))
      throw UsageError(
          fmt::format("op {} does not serve {} problems", op->name, to_string(problem)));
    point = resolve_point(*op, o.params);
    if (const auto why = op->invalid_reason(problem, point); !why.empty())
      throw UsageError(fmt::format("{} is not valid for {}: {}", variant_label(*op, point),
                                   to_string(problem.shape), why));
  } else {
    pipeline = &find_pipeline(o.pipeline);
    if (!pipeline->serves(problem))
      throw UsageError(
          fmt::format("pipeline {} does not serve {}", pipeline->name, to_string(problem)));
  }
  const auto gpu = resolve_gpu_option(o.gpu, /*require_device=*/true);
  const auto settings = default_compiler_settings();
  RunJob job;
  int64_t floor_bytes = 0;
  if (op != nullptr) {
    job = op_job(problem, *op, compile_variant(*op, problem, point, gpu.target.arch, settings));
    floor_bytes = op->min_bytes(problem);
  } else {
    std::map<std::string, VariantChoice> choices;
    for (const auto& name : pipeline->op_names()) {
      const auto& member = find_op(name);
      choices[name] =
          compile_variant(member, problem, member.default_point(), gpu.target.arch, settings);
    }
    job = pipeline_job(problem, *pipeline, choices);
    floor_bytes = layer_min_bytes(problem);
  }
  job.seed = o.seed;
  job.measure_options.cache = o.hot ? CacheMode::hot : CacheMode::cold;

  JobExecutor executor(gpu.device->ordinal, settings.cache_dir,
                       o.events ? TimerPreference::events : TimerPreference::cupti_else_events);
  const JobResult result = executor.execute(job);
  fmt::print("{} on {} ({})\n", job.subject, to_string(problem), gpu.device->name);
  fmt::print("verification: {} (worst relative norm error {:.3e}, max abs error {:.3e}, seed {})\n",
             to_string(result.outcome), result.rel_norm_error, result.max_abs_error, job.seed);
  if (result.outcome != JobOutcome::ok) {
    fmt::print("{}\n", result.message);
    return kExitFailure;
  }
  const auto& t = *result.timing;
  const auto copy =
      measure_copy_bandwidth(executor.rig(), default_copy_bytes(executor.rig().l2_bytes()));
  const double gbps = floor_bytes / (t.span_median_us * 1e3);
  fmt::print(
      "time ({} timer, {} L2, {} samples, noise {:.2f}%{}): median {:.2f} us, min {:.2f}, "
      "max {:.2f}, mean {:.2f}, stddev {:.2f}\n",
      to_string(t.timer), to_string(t.cache), t.repetitions, 100 * t.relative_noise,
      t.target_met ? "" : ", target not met", t.span_median_us, t.span_min_us, t.span_max_us,
      t.span_mean_us, t.span_stddev_us);
  if (t.busy_median_us)
    fmt::print("sum of kernel times: median {:.2f} us over {} operations\n", *t.busy_median_us,
               t.operations_per_sample);
  fmt::print(
      "bytes it must move: {} ({:.2f} MB); achieved {:.0f} GB/s = {:.1f}% of the measured "
      "copy bandwidth {:.0f} GB/s, {:.1f}% of the {:.0f} GB/s peak\n",
      floor_bytes, floor_bytes / 1e6, gbps, 100 * gbps / copy.gigabytes_per_second,
      copy.gigabytes_per_second, 100 * gbps / gpu.device->peak_bandwidth_gbps(),
      gpu.device->peak_bandwidth_gbps());
  if (!t.timer_note.empty()) fmt::print("timer note: {}\n", t.timer_note);
  return kExitOk;
}

Command make_bench_command(CLI::App& parent) {
  auto o = std::make_shared<BenchOptions>();
  CLI::App* app = add_subcommand(parent, "bench",
                                 "Run, verify and time one op variant or one pipeline on one shape "
                                 "on the local GPU");
  app->add_option("--gpu", o->gpu, gpu_option_help())->capture_default_str();
  app->add_option("--op", o->op, "The op (see `mhc-tune compile --gpu h100 --list`)");
  app->add_option("--pipeline", o->pipeline, "A pipeline, with its ops' default variants");
  app->add_option("--shape", o->shape, "B,C,n")->required();
  app->add_option("--params", o->params, "k=v,... (default: the op's default point)");
  app->add_option("--path", o->path, "static or dynamic")->capture_default_str();
  app->add_option("--direction", o->direction, "forward or backward")->capture_default_str();
  app->add_option("--dtype", o->dtype, "residual dtype: f32 or bf16")->capture_default_str();
  app->add_option("--convention", o->convention, "paper or production")->capture_default_str();
  app->add_flag("--cold", o->cold, "Flush L2 before every sample (default)");
  app->add_flag("--hot", o->hot, "Do not flush L2");
  app->add_flag("--events", o->events, "Time with CUDA events instead of CUPTI");
  app->add_option("--seed", o->seed, "Input seed")->capture_default_str();
  return {app, [o] { return run_bench(*o); }};
}

}  // namespace

MHC_COMMAND(35, make_bench_command);

}  // namespace mhc::cli
