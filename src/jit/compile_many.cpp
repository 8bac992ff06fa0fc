#include "jit/compile_many.hpp"

#include <fmt/format.h>
#include <poll.h>
#include <stdlib.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <cstring>
#include <deque>
#include <filesystem>
#include <list>
#include <stdexcept>

#include "jit/cache_key.hpp"
#include "jit/kernel_cache.hpp"
#include "jit/worker_process.hpp"

namespace mhc {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

std::string to_string(CompileFailureKind kind) {
  switch (kind) {
    case CompileFailureKind::kCompileError:
      return "compile error";
    case CompileFailureKind::kTimeout:
      return "timeout";
    case CompileFailureKind::kCrash:
      return "crash";
    case CompileFailureKind::kError:
      return "error";
  }
  return "error";
}

namespace {

// What a worker sends back. The kernel itself travels through the cache entry.
//   "ok\n"                                         compiled and stored
//   "compile-error <message bytes>\n<message><log>"
//   "error\n<message>"
std::string run_in_worker(const CompileRequest& request, const CompilerSettings& settings) {
  try {
    compile_kernel(request, settings);
    return "ok\n";
  } catch (const CompileError& error) {
    const std::string message = error.what();
    return fmt::format("compile-error {}\n{}{}", message.size(), message, error.log());
  } catch (const std::exception& error) {
    return fmt::format("error\n{}", error.what());
  }
}

CompileOutcome failed(CompileFailureKind kind, std::string message, std::string log = "") {
  CompileOutcome outcome;
  outcome.failure = {kind, std::move(message), std::move(log)};
  return outcome;
}

CompileOutcome succeeded(CompiledKernel kernel) {
  CompileOutcome outcome;
  outcome.kernel = std::move(kernel);
  return outcome;
}

// Only used when the caller turned the cache off: workers still need somewhere to put results.
class TemporaryDirectory {
 public:
  TemporaryDirectory() {
    std::string pattern = (fs::temp_directory_path() / "mhc-jit-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr)
      throw std::runtime_error(
          fmt::format("cannot create a temporary directory {}: {}", pattern, strerror(errno)));
    path_ = pattern;
  }
  ~TemporaryDirectory() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  }
  TemporaryDirectory(const TemporaryDirectory&) = delete;
  TemporaryDirectory& operator=(const TemporaryDirectory&) = delete;
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

struct PendingCompile {
  size_t index;
  std::string key;
};

struct RunningCompile {
  PendingCompile request;
  WorkerProcess worker;
  Clock::time_point deadline;
};

CompileOutcome read_worker_result(const RunningCompile& done, const std::string& exit_status,
                                  const CompileRequest& request, const KernelCache& cache) {
  if (!exit_status.empty())
    return failed(CompileFailureKind::kCrash,
                  fmt::format("{}: compile worker {}", request.label, exit_status));
  const std::string& output = done.worker.output();
  if (output == "ok\n") {
    std::optional<CompiledKernel> kernel = cache.load(done.request.key);
    if (!kernel)
      return failed(CompileFailureKind::kError,
                    fmt::format("{}: the worker compiled it but cache entry {} is missing",
                                request.label, done.request.key));
    kernel->cache_hit = false;  // compiled just now, by the worker; compile_ms is its time
    return succeeded(std::move(*kernel));
  }
  constexpr std::string_view kCompileErrorTag = "compile-error ";
  const size_t newline = output.find('\n');
  if (output.starts_with(kCompileErrorTag) && newline != std::string::npos) {
    size_t length = 0;
    const char* digits = output.data() + kCompileErrorTag.size();
    const auto [end, error] = std::from_chars(digits, output.data() + newline, length);
    if (error == std::errc() && end == output.data() + newline &&
        newline + 1 + length <= output.size())
      return failed(CompileFailureKind::kCompileError, output.substr(newline + 1, length),
                    output.substr(newline + 1 + length));
  }
  if (output.starts_with("error\n")) return failed(CompileFailureKind::kError, output.substr(6));
  return failed(CompileFailureKind::kCrash,
                fmt::format("{}: compile worker exited without a readable result", request.label));
}

}  // namespace

std::vector<CompileOutcome> compile_many(const std::vector<CompileRequest>& requests,
                                         const CompilerSettings& settings, int jobs,
                                         const CompileProgressCallback& progress) {
  std::vector<CompileOutcome> outcomes(requests.size());
  size_t finished = 0;
  auto finish = [&](size_t index, CompileOutcome outcome) {
    outcomes[index] = std::move(outcome);
    ++finished;
    if (progress) progress({index, finished, requests.size(), &outcomes[index]});
  };

  std::optional<TemporaryDirectory> private_cache;
  CompilerSettings worker_settings = settings;
  if (!settings.use_cache) {
    private_cache.emplace();
    worker_settings.cache_dir = private_cache->path();
    worker_settings.use_cache = true;
  }
  const KernelCache cache(worker_settings.cache_dir);

  // Keys and cache hits first, here: a hit costs a few file reads, not a worker.
  std::deque<PendingCompile> pending;
  for (size_t i = 0; i < requests.size(); ++i) {
    try {
      std::string key = load_keyed_source(requests[i], settings).key;
      if (settings.use_cache) {
        if (std::optional<CompiledKernel> hit = cache.load(key)) {
          hit->compile_ms = 0.0;
          finish(i, succeeded(std::move(*hit)));
          continue;
        }
      }
      pending.push_back({i, std::move(key)});
    } catch (const std::exception& error) {
      finish(i, failed(CompileFailureKind::kError, error.what()));
    }
  }

  std::list<RunningCompile> running;
  const size_t max_running = static_cast<size_t>(std::max(jobs, 1));
  while (!pending.empty() || !running.empty()) {
    while (running.size() < max_running && !pending.empty()) {
      PendingCompile next = std::move(pending.front());
      pending.pop_front();
      const CompileRequest& request = requests[next.index];
      try {
        WorkerProcess worker =
            WorkerProcess::start([&] { return run_in_worker(request, worker_settings); });
        running.push_back(
            {std::move(next), std::move(worker), Clock::now() + settings.worker_timeout});
      } catch (const std::exception& error) {
        finish(next.index, failed(CompileFailureKind::kError,
                                  fmt::format("{}: {}", request.label, error.what())));
      }
    }
    if (running.empty()) continue;

    std::vector<pollfd> fds;
    Clock::time_point earliest = Clock::time_point::max();
    for (const RunningCompile& compile : running) {
      fds.push_back({compile.worker.output_fd(), POLLIN, 0});
      earliest = std::min(earliest, compile.deadline);
    }
    const auto wait_ms = std::chrono::ceil<std::chrono::milliseconds>(earliest - Clock::now());
    // Capped so a timeout of hours cannot overflow poll's int; the loop simply polls again.
    const int ready = ::poll(fds.data(), fds.size(),
                             static_cast<int>(std::clamp<int64_t>(wait_ms.count(), 0, 60'000)));
    if (ready < 0 && errno != EINTR)
      throw std::runtime_error(
          fmt::format("poll over compile workers failed: {}", strerror(errno)));

    const Clock::time_point now = Clock::now();
    size_t slot = 0;
    for (auto it = running.begin(); it != running.end(); ++slot) {
      const CompileRequest& request = requests[it->request.index];
      const bool readable = ready > 0 && fds[slot].revents != 0;
      if (readable && !it->worker.read_available()) {
        const std::string exit_status = it->worker.wait();
        finish(it->request.index, read_worker_result(*it, exit_status, request, cache));
        it = running.erase(it);
      } else if (now >= it->deadline) {
        const pid_t pid = it->worker.pid();
        it->worker.kill();
        it->worker.wait();
        cache.remove_staging_of(pid);
        finish(it->request.index,
               failed(CompileFailureKind::kTimeout,
                      fmt::format("{}: compile took longer than {} ms; worker killed",
                                  request.label, settings.worker_timeout.count())));
        it = running.erase(it);
      } else {
        ++it;
      }
    }
  }
  return outcomes;
}

}  // namespace mhc
