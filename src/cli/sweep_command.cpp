// `mhc-tune sweep`: the main job. Compiles, verifies and times every candidate on the local GPU and
// stores each attempt as it finishes. Exit 3 (and nothing written) without a GPU, 130 after
// Ctrl-C (everything finished so far is kept; --resume goes on), 1 when no attempt verified.
#include <fmt/format.h>
#include <unistd.h>

#include <atomic>
#include <csignal>
#include <filesystem>
#include <memory>

#include "cli/command.hpp"
#include "cli/db_option.hpp"
#include "cli/gpu_option.hpp"
#include "cli/problem_options.hpp"
#include "cli/progress_bar.hpp"
#include "core/errors.hpp"
#include "ops/registry.hpp"
#include "sweep/sweep.hpp"

namespace mhc::cli {
namespace {

std::atomic<bool> g_stop_requested{false};

extern "C" void on_interrupt(int) {
  g_stop_requested.store(true);
}

struct SweepOptions {
  std::string gpu = "auto";
  ProblemOptions problems;
  std::vector<std::string> ops;
  std::string strategy = "exhaustive";
  int budget = 0;
  double time_limit = 0;
  bool resume = false;
  std::string shard;
  std::string db;
  bool hot = false;
  bool cold = false;
  std::string timer = "cupti";
  double max_noise = 0.01;
  double max_seconds = 1.0;
  int min_samples = 10;
  int jobs = 0;
  double job_timeout = 120;
  uint64_t seed = 0;
};

std::string self_executable() {
  return std::filesystem::read_symlink("/proc/self/exe").string();
}

int run_sweep_command(const SweepOptions& o) {
  if (o.hot && o.cold) throw UsageError("--hot and --cold exclude each other");
  if (o.timer != "cupti" && o.timer != "events")
    throw UsageError(fmt::format("unknown timer '{}' (allowed: cupti, events)", o.timer));
  if (o.budget < 0) throw UsageError(fmt::format("--budget {} must be >= 0", o.budget));
  if (o.time_limit < 0) throw UsageError(fmt::format("--time-limit {} must be >= 0", o.time_limit));
  if (o.max_noise <= 0 || o.max_seconds <= 0 || o.min_samples < 1)
    throw UsageError("--max-noise and --max-seconds must be > 0 and --min-samples >= 1");
  for (const auto& name : o.ops) find_op(name);
  auto problems = expand_problems(o.problems.resolve());
  if (!o.shard.empty()) problems = select_shard(problems, parse_shard(o.shard));
  SearchOptions search;
  search.strategy = parse_strategy(o.strategy);
  search.max_points_per_op = o.budget;
  search.ops = o.ops;

  // Everything above is checked before the GPU, and the GPU before the database is touched.
  const auto gpu = resolve_gpu_option(o.gpu, /*require_device=*/true);

  SweepConfig config;
  config.db_path = o.db;
  config.target = gpu.target;
  config.device = *gpu.device;
  config.versions = gpu.host.versions;
  config.problems = problems;
  config.search = search;
  config.resume = o.resume;
  config.measure.cache = o.hot ? CacheMode::hot : CacheMode::cold;
  config.measure.stopping.max_noise = o.max_noise;
  config.measure.stopping.max_wall_seconds = o.max_seconds;
  config.measure.stopping.min_samples = o.min_samples;
  config.events_only = o.timer == "events";
  config.job_timeout = std::chrono::milliseconds(static_cast<int64_t>(o.job_timeout * 1000));
  if (o.time_limit > 0)
    config.time_limit = std::chrono::seconds(static_cast<int64_t>(o.time_limit));
  config.compiler = default_compiler_settings();
  config.compile_jobs =
      o.jobs > 0 ? o.jobs : std::max(1, static_cast<int>(sysconf(_SC_NPROCESSORS_ONLN)));
  config.seed = o.seed;
  config.command_line = command_line();

  std::vector<std::string> worker_argv = {self_executable(), "worker",
                                          "--device",        std::to_string(gpu.device->ordinal),
                                          "--cache-dir",     config.compiler.cache_dir.string()};
  if (config.events_only) worker_argv.push_back("--events");
  WorkerBackend backend(worker_argv);

  fmt::print(stderr, "sweep: {} problems on {} ({}), database {}\n", problems.size(),
             gpu.device->name, gpu.target.arch, o.db);
  std::signal(SIGINT, on_interrupt);
  std::signal(SIGTERM, on_interrupt);
  std::unique_ptr<ProgressBar> bar;
  std::string phase;
  const auto summary = run_sweep(
      config, backend,
      [&](const SweepProgress& p) {
        if (p.phase != phase) {
          bar.reset();
          phase = p.phase;
          bar = std::make_unique<ProgressBar>(phase, p.total);
        }
        bar->update(p.done, p.failures, p.current);
      },
      g_stop_requested);
  bar.reset();

  fmt::print(
      "run {}: {} attempts in {} ({} resumed): {} ok, {} wrong, {} fault, {} timeout, "
      "{} compile error, {} skipped; {} variants compiled ({} from cache, {} failed)\n",
      summary.run_uuid, summary.attempts, format_duration(summary.seconds), summary.resumed,
      summary.ok, summary.wrong, summary.faults, summary.timeouts, summary.compile_errors,
      summary.skipped, summary.variants, summary.cache_hits, summary.compile_failures);
  if (summary.copy_bandwidth_gbps)
    fmt::print("device-to-device copy bandwidth: {:.0f} GB/s (read + write)\n",
               *summary.copy_bandwidth_gbps);
  fmt::print("database: {}\n", o.db);
  if (summary.interrupted) {
    fmt::print(stderr, "interrupted: what finished is stored; rerun with --resume to go on\n");
    return 130;
  }
  return summary.ok > 0 || summary.resumed > 0 ? kExitOk : kExitFailure;
}

Command make_sweep_command(CLI::App& parent) {
  auto o = std::make_shared<SweepOptions>();
  CLI::App* app = add_subcommand(parent, "sweep",
                                 "Tune on the local GPU: compile, verify against the float64 "
                                 "reference, time with CUPTI, store every attempt");
  app->add_option("--gpu", o->gpu, gpu_option_help())->capture_default_str();
  o->problems.add_to(*app, "paper");
  app->add_option("--ops", o->ops, "Tune only these ops (comma-separated; pipelines still run)")
      ->delimiter(',');
  app->add_option("--strategy", o->strategy, "exhaustive or random")->capture_default_str();
  app->add_option("--budget", o->budget, "Variants per (problem, op) besides the default; 0 = all");
  app->add_option("--time-limit", o->time_limit, "Stop starting attempts after this many seconds");
  app->add_flag("--resume", o->resume, "Skip attempts the database already holds");
  app->add_option("--shard", o->shard,
                  "K/N: sweep every N-th problem from the K-th (db merge joins)");
  add_db_option(*app, o->db);
  app->add_flag("--cold", o->cold, "Flush L2 before every sample (default; the seed's method)");
  app->add_flag("--hot", o->hot, "Do not flush L2 between samples");
  app->add_option("--timer", o->timer, "cupti or events")->capture_default_str();
  app->add_option("--max-noise", o->max_noise, "Stop sampling at this relative noise")
      ->capture_default_str();
  app->add_option("--max-seconds", o->max_seconds, "Sampling time cap per attempt")
      ->capture_default_str();
  app->add_option("--min-samples", o->min_samples, "Samples per attempt at least")
      ->capture_default_str();
  app->add_option("--jobs", o->jobs, "Compiler processes (default: the core count)");
  app->add_option("--timeout", o->job_timeout, "Seconds before a hung attempt's worker is killed")
      ->capture_default_str();
  app->add_option("--seed", o->seed, "Fixed input seed (default: fresh per run)");
  return {app, [o] { return run_sweep_command(*o); }};
}

Command make_worker_command(CLI::App& parent) {
  struct WorkerOptions {
    int device = 0;
    std::string cache_dir;
    bool events = false;
  };
  auto o = std::make_shared<WorkerOptions>();
  CLI::App* app = add_subcommand(parent, "worker", "Internal: serves the sweep's GPU jobs");
  app->group("");  // internal: not listed in --help
  app->add_option("--device", o->device);
  app->add_option("--cache-dir", o->cache_dir)->required();
  app->add_flag("--events", o->events);
  return {app, [o] { return serve_worker(o->device, o->cache_dir, o->events); }};
}

}  // namespace

MHC_COMMAND(40, make_sweep_command);
MHC_COMMAND(41, make_worker_command);

}  // namespace mhc::cli
