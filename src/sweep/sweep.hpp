#pragma once
// `mhc-tune sweep`: plan -> compile -> verify and time in a worker -> store, problem by problem,
// each attempt committed as it finishes. For every problem the naive baseline pipeline and every
// op's default variant are measured, so reports always have their denominators.
#include <atomic>
#include <chrono>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "gpu/device_query.hpp"
#include "jit/compiler_settings.hpp"
#include "measure/measure_pipeline.hpp"
#include "plan/candidates.hpp"
#include "plan/gpu_targets.hpp"
#include "sweep/measurement_backend.hpp"

namespace mhc {

struct SweepConfig {
  std::filesystem::path db_path;
  GpuTarget target;
  DeviceInfo device;
  ToolchainVersions versions;
  std::vector<Problem> problems;
  SearchOptions search;
  bool resume = false;
  MeasureOptions measure;
  bool events_only = false;  // recorded on the run; the worker is told separately
  std::chrono::milliseconds job_timeout{std::chrono::seconds(120)};
  std::optional<std::chrono::seconds> time_limit;  // stop starting attempts after this
  CompilerSettings compiler;
  int compile_jobs = 1;
  std::string command_line;
  uint64_t seed = 0;  // 0: a fresh seed from the run's uuid; otherwise fixed (recorded per attempt)
};

struct SweepProgress {
  int64_t done = 0;
  int64_t total = 0;
  int64_t failures = 0;
  std::string current;
  std::string phase;  // "compile" or "measure"
};

struct SweepSummary {
  std::string run_uuid;
  int64_t attempts = 0;  // recorded in this run
  int64_t resumed = 0;   // skipped because --resume found them done
  int64_t ok = 0, compile_errors = 0, wrong = 0, faults = 0, timeouts = 0, skipped = 0;
  int64_t variants = 0, compile_failures = 0, cache_hits = 0;
  bool interrupted = false;
  std::optional<double> copy_bandwidth_gbps;
  double seconds = 0.0;
};

using SweepObserver = std::function<void(const SweepProgress&)>;

SweepSummary run_sweep(const SweepConfig& config, MeasurementBackend& backend,
                       const SweepObserver& observer, const std::atomic<bool>& stop_requested);

}  // namespace mhc
