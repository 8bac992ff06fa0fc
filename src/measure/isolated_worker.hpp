#pragma once
// Crash isolation for the sweep: requests go to a worker process (fork + exec of a given argv) and
// come back as replies. A faulting kernel poisons its CUDA context, so the worker is the unit of
// failure: when it dies the reply says `fault` (how it ended, and the tail of what it wrote to
// stderr), when it misses the deadline it is killed and the reply says `timeout`, and either way
// the next request transparently starts a fresh worker. Messages are opaque text here.
#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/scoped_fd.hpp"
#include "measure/message_framing.hpp"
#include "measure/spawned_process.hpp"

namespace mhc {

enum class WorkerOutcome { ok, fault, timeout };
std::string_view to_string(WorkerOutcome outcome);

struct WorkerReply {
  WorkerOutcome outcome = WorkerOutcome::ok;
  std::string payload;      // the worker's reply (ok only)
  std::string failure;      // fault or timeout: what happened, e.g. "killed by signal 11 (...)"
  std::string stderr_tail;  // fault or timeout: the last bytes the worker wrote to stdout/stderr
};

struct WorkerOptions {
  size_t stderr_tail_bytes = 8192;
  // On shutdown the worker gets this long to exit after its channel closes, then it is killed.
  std::chrono::milliseconds shutdown_grace{2000};
};

// One request at a time; not for use from several threads at once.
class IsolatedWorker {
 public:
  // argv[0] is the worker executable's path. Nothing starts until the first request.
  explicit IsolatedWorker(std::vector<std::string> argv, WorkerOptions options = {});
  ~IsolatedWorker();
  IsolatedWorker(const IsolatedWorker&) = delete;
  IsolatedWorker& operator=(const IsolatedWorker&) = delete;

  // Sends `message` and waits up to `timeout` (counted from the send, a fresh worker's start-up
  // included) for the reply. Throws only when a worker cannot be started at all.
  WorkerReply request(std::string_view message, std::chrono::milliseconds timeout);

  bool running() const { return worker_.has_value(); }
  pid_t pid() const { return worker_ ? worker_->process.pid() : -1; }
  int64_t workers_started() const { return workers_started_; }

 private:
  struct Running {
    SpawnedProcess process;
    ScopedFd channel;  // our end of the socket pair
    ScopedFd output;   // read end of the worker's stdout/stderr pipe
    MessageDecoder decoder;
  };
  using Clock = std::chrono::steady_clock;
  enum class Progress { done, closed, timed_out };

  void start();
  void shut_down() noexcept;
  void drain_output();
  Progress send(std::string_view framed, Clock::time_point deadline);
  Progress receive(Clock::time_point deadline, std::string& reply);
  WorkerReply fault(std::string failure);
  WorkerReply timeout(std::chrono::milliseconds limit);

  std::vector<std::string> argv_;
  WorkerOptions options_;
  std::optional<Running> worker_;
  std::string output_tail_;
  int64_t workers_started_ = 0;
};

}  // namespace mhc
