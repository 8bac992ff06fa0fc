#include "sweep/measurement_backend.hpp"

#include <fmt/format.h>

#include <memory>

#include "measure/copy_bandwidth.hpp"
#include "measure/worker_loop.hpp"
#include "sweep/job_executor.hpp"

namespace mhc {

namespace {
constexpr std::string_view kJobRequest = "job\n";
constexpr std::string_view kCopyRequest = "copy_bandwidth\n";
}  // namespace

WorkerBackend::WorkerBackend(std::vector<std::string> worker_argv)
    : worker_(std::move(worker_argv)) {}

JobResult WorkerBackend::run(const RunJob& job, std::chrono::milliseconds timeout) {
  const WorkerReply reply = worker_.request(std::string(kJobRequest) + encode_job(job), timeout);
  if (reply.outcome == WorkerOutcome::ok) return decode_result(reply.payload);
  JobResult result;
  result.outcome =
      reply.outcome == WorkerOutcome::timeout ? JobOutcome::timeout : JobOutcome::fault;
  result.message = reply.failure;
  if (!reply.stderr_tail.empty()) result.message += "\n" + reply.stderr_tail;
  return result;
}

std::optional<double> WorkerBackend::copy_bandwidth_gbps() {
  const WorkerReply reply = worker_.request(kCopyRequest, std::chrono::minutes(2));
  if (reply.outcome != WorkerOutcome::ok) return std::nullopt;
  return std::strtod(reply.payload.c_str(), nullptr);
}

int serve_worker(int device_ordinal, const std::string& cache_dir, bool events_only) {
  // The device is opened on the first request, so a worker that cannot open it reports the reason
  // as that request's fault instead of dying before the parent listens.
  std::unique_ptr<JobExecutor> executor;
  return run_worker_loop([&](std::string_view request) -> std::string {
    if (!executor)
      executor = std::make_unique<JobExecutor>(
          device_ordinal, cache_dir,
          events_only ? TimerPreference::events : TimerPreference::cupti_else_events);
    if (request.starts_with(kCopyRequest)) {
      auto& rig = executor->rig();
      const auto copy = measure_copy_bandwidth(rig, default_copy_bytes(rig.l2_bytes()));
      return fmt::format("{:.17g}", copy.gigabytes_per_second);
    }
    if (!request.starts_with(kJobRequest)) throw std::runtime_error("unknown worker request");
    return encode_result(executor->execute(decode_job(request.substr(kJobRequest.size()))));
  });
}

}  // namespace mhc
