#pragma once
// Where the sweep sends its jobs. The real backend is a worker process on the local GPU
// (WorkerBackend); CPU tests pass a test double, which never feeds a report.
#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "measure/isolated_worker.hpp"
#include "sweep/run_job.hpp"

namespace mhc {

class MeasurementBackend {
 public:
  virtual ~MeasurementBackend() = default;
  // Never throws for a failing job: a crash or hang is a fault or timeout result.
  virtual JobResult run(const RunJob& job, std::chrono::milliseconds timeout) = 0;
  // Device-to-device copy bandwidth (GB/s, read + write), the roofline ceiling; nullopt if it
  // could not be measured.
  virtual std::optional<double> copy_bandwidth_gbps() = 0;
};

// Jobs go to `mhc-tune worker` (argv) over a pipe; the worker is restarted after a fault.
class WorkerBackend final : public MeasurementBackend {
 public:
  explicit WorkerBackend(std::vector<std::string> worker_argv);
  JobResult run(const RunJob& job, std::chrono::milliseconds timeout) override;
  std::optional<double> copy_bandwidth_gbps() override;

 private:
  IsolatedWorker worker_;
};

// The worker's side: serves "job" and "copy_bandwidth" requests until the parent closes the pipe.
int serve_worker(int device_ordinal, const std::string& cache_dir, bool events_only);

}  // namespace mhc
