// `mhc-tune compile`: compiles every kernel variant a sweep of the chosen problems would need, with
// no GPU, and summarises per op. Exit 1 if any variant the constraints allow fails to compile.
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <memory>

#include "cli/command.hpp"
#include "cli/gpu_option.hpp"
#include "cli/problem_options.hpp"
#include "cli/progress_bar.hpp"
#include "core/errors.hpp"
#include "jit/compile_many.hpp"
#include "ops/registry.hpp"
#include "plan/variant_plan.hpp"

namespace mhc::cli {
namespace {

struct CompileOptions {
  std::string gpu;
  ProblemOptions problems;
  std::vector<std::string> ops;
  int jobs = 0;
  bool list = false;
  bool no_cache = false;
  bool defaults_only = false;
};

struct OpSummary {
  int variants = 0, compiled = 0, failed = 0, cache_hits = 0;
  int min_registers = 1 << 30, max_registers = 0;
  int64_t max_spill_bytes = 0;
  double compile_ms = 0.0;
  std::string first_error;
};

void print_spaces(const std::vector<Problem>& problems) {
  fmt::print("{:<24} {:<9} {:<16} {:>7}  axes (default in [])\n", "op", "direction", "paths",
             "points");
  for (const auto& op : op_registry()) {
    const bool used = std::any_of(problems.begin(), problems.end(),
                                  [&](const Problem& p) { return op.serves(p); });
    if (!used) continue;
    std::string axes, paths;
    for (const auto& axis : op.axes) {
      std::string values;
      for (const auto v : axis.values)
        values += fmt::format("{}{}", values.empty() ? "" : ",",
                              v == axis.default_value ? fmt::format("[{}]", v) : std::to_string(v));
      axes += fmt::format("{}={{{}}} ", axis.name, values);
    }
    for (const auto path : op.paths)
      paths += fmt::format("{}{}", paths.empty() ? "" : ",", to_string(path));
    fmt::print("{:<24} {:<9} {:<16} {:>7}  {}\n", op.name, to_string(op.direction), paths,
               op.all_points().size(), axes.empty() ? "(one variant)" : axes);
  }
}

int run_compile(const CompileOptions& o) {
  const auto gpu = resolve_gpu_option(o.gpu, /*require_device=*/false);
  const auto problems = expand_problems(o.problems.resolve());
  for (const auto& name : o.ops) find_op(name);  // UsageError on an unknown op
  if (o.list) {
    print_spaces(problems);
    return kExitOk;
  }
  SearchOptions search;
  search.ops = o.ops;
  search.defaults_only = o.defaults_only;
  const auto variants = plan_variants(problems, search, gpu.target.arch);
  std::vector<CompileRequest> requests;
  for (const auto& v : variants) requests.push_back(v.request);

  auto settings = default_compiler_settings();
  settings.use_cache = !o.no_cache;
  const int jobs =
      o.jobs > 0 ? o.jobs : std::max(1, static_cast<int>(sysconf(_SC_NPROCESSORS_ONLN)));
  fmt::print(stderr, "compiling {} variants of {} problems for {} ({}) with {} jobs; cache {}\n",
             requests.size(), problems.size(), gpu.target.name, gpu.target.arch, jobs,
             settings.use_cache ? settings.cache_dir.string() : "off");
  const auto start = std::chrono::steady_clock::now();
  int64_t failures = 0;
  std::vector<CompileOutcome> outcomes;
  {
    ProgressBar bar("compile", static_cast<int64_t>(requests.size()));
    outcomes = compile_many(requests, settings, jobs, [&](const CompileProgress& p) {
      if (!p.outcome->ok()) ++failures;
      bar.update(static_cast<int64_t>(p.finished), failures, requests[p.index].label);
    });
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  std::map<std::string, OpSummary> by_op;
  for (size_t i = 0; i < variants.size(); ++i) {
    auto& s = by_op[variants[i].op->name];
    ++s.variants;
    const auto& outcome = outcomes[i];
    if (!outcome.ok()) {
      ++s.failed;
      if (s.first_error.empty()) s.first_error = outcome.failure.message;
      continue;
    }
    ++s.compiled;
    const auto& k = *outcome.kernel;
    s.cache_hits += k.cache_hit ? 1 : 0;
    s.compile_ms += k.compile_ms;
    s.min_registers = std::min(s.min_registers, k.usage.registers);
    s.max_registers = std::max(s.max_registers, k.usage.registers);
    s.max_spill_bytes = std::max({s.max_spill_bytes, k.usage.spill_stores, k.usage.spill_loads});
  }
  fmt::print("{:<24} {:>8} {:>8} {:>6} {:>10} {:>10} {:>11} {:>10}\n", "op", "variants", "compiled",
             "failed", "cache hits", "registers", "max spills", "compile s");
  int total_failed = 0;
  for (const auto& [name, s] : by_op) {
    total_failed += s.failed;
    const std::string regs =
        s.compiled > 0 ? fmt::format("{}-{}", s.min_registers, s.max_registers) : "-";
    fmt::print("{:<24} {:>8} {:>8} {:>6} {:>10} {:>10} {:>10}B {:>10.1f}\n", name, s.variants,
               s.compiled, s.failed, s.cache_hits, regs, s.max_spill_bytes, s.compile_ms / 1000.0);
  }
  for (const auto& [name, s] : by_op)
    if (!s.first_error.empty()) fmt::print("{}: first error: {}\n", name, s.first_error);
  fmt::print("{} variants, {} failed, {:.1f} s wall ({} jobs)\n", variants.size(), total_failed,
             seconds, jobs);
  return total_failed == 0 ? kExitOk : kExitFailure;
}

Command make_compile_command(CLI::App& parent) {
  auto o = std::make_shared<CompileOptions>();
  CLI::App* app = add_subcommand(parent, "compile",
                                 "Compile every kernel variant a sweep would need with NVRTC, into "
                                 "the disk cache (no GPU needed)");
  app->add_option("--gpu", o->gpu, gpu_option_help())->required();
  o->problems.conventions = "paper,production";  // one binary serves both: compile for either
  o->problems.add_to(*app, "paper");
  app->add_option("--ops", o->ops, "Only these ops (comma-separated)")->delimiter(',');
  app->add_option("--jobs", o->jobs, "Compiler worker processes (default: the core count)");
  app->add_flag("--list", o->list, "List the ops and their parameter spaces; compile nothing");
  app->add_flag("--no-cache", o->no_cache, "Compile everything even if cached");
  app->add_flag("--defaults-only", o->defaults_only,
                "Only every op's default point (what the pipelines run untuned): warms the cache "
                "for `bench` and the GPU tests in seconds");
  return {app, [o] { return run_compile(*o); }};
}

}  // namespace

MHC_COMMAND(30, make_compile_command);

}  // namespace mhc::cli
