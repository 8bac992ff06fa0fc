#include "measure/isolated_worker.hpp"

#include <errno.h>
#include <fcntl.h>
#include <fmt/format.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <cstring>
#include <stdexcept>
#include <thread>

namespace mhc {

std::string_view to_string(WorkerOutcome outcome) {
  switch (outcome) {
    case WorkerOutcome::ok:
      return "ok";
    case WorkerOutcome::fault:
      return "fault";
    case WorkerOutcome::timeout:
      return "timeout";
  }
  return "?";
}

namespace {

[[noreturn]] void throw_errno(std::string_view call) {
  throw std::runtime_error(fmt::format("{} failed: {}", call, std::strerror(errno)));
}

// A copy of `fd` above the low numbers the child's descriptors are duplicated onto.
ScopedFd lifted(const ScopedFd& fd) {
  const int moved = ::fcntl(fd.get(), F_DUPFD_CLOEXEC, 10);
  if (moved < 0) throw_errno("fcntl(F_DUPFD_CLOEXEC)");
  return ScopedFd(moved);
}

void set_nonblocking(int fd) {
  const int flags = ::fcntl(fd, F_GETFL);
  if (flags < 0 || ::fcntl(fd, F_SETFL, flags | O_NONBLOCK) < 0) throw_errno("fcntl(O_NONBLOCK)");
}

int milliseconds_until(std::chrono::steady_clock::time_point deadline) {
  const auto left =
      std::chrono::ceil<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
  return static_cast<int>(std::max<int64_t>(left.count(), 0));
}

}  // namespace

IsolatedWorker::IsolatedWorker(std::vector<std::string> argv, WorkerOptions options)
    : argv_(std::move(argv)), options_(options) {
  if (argv_.empty()) throw std::invalid_argument("IsolatedWorker: empty argv");
}

IsolatedWorker::~IsolatedWorker() {
  shut_down();
}

void IsolatedWorker::start() {
  int pair[2];
  if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair) < 0) throw_errno("socketpair");
  const ScopedFd low_parent_end(pair[0]), low_child_end(pair[1]);
  int pipe_ends[2];
  if (::pipe2(pipe_ends, O_CLOEXEC) < 0) throw_errno("pipe2");
  const ScopedFd low_output_read(pipe_ends[0]), low_output_write(pipe_ends[1]);
  ScopedFd parent_end = lifted(low_parent_end);
  const ScopedFd child_end = lifted(low_child_end);
  ScopedFd output_read = lifted(low_output_read);
  const ScopedFd output_write = lifted(low_output_write);
  set_nonblocking(parent_end.get());
  set_nonblocking(output_read.get());
  SpawnedProcess process =
      SpawnedProcess::spawn(argv_, child_end.get(), kWorkerChannelFd, output_write.get());
  worker_.emplace(Running{std::move(process), std::move(parent_end), std::move(output_read), {}});
  output_tail_.clear();
  ++workers_started_;
}  // the child's ends close here, so the worker's exit shows as end-of-file on ours

void IsolatedWorker::shut_down() noexcept {
  if (!worker_) return;
  worker_->channel.reset();  // the worker reads end-of-input and leaves its loop
  const auto deadline = Clock::now() + options_.shutdown_grace;
  try {
    while (Clock::now() < deadline && !worker_->process.try_wait())
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
  } catch (...) {
  }
  worker_.reset();  // kills and reaps a worker that is still running
}

void IsolatedWorker::drain_output() {
  if (!worker_ || !worker_->output.valid()) return;
  std::array<char, 16384> chunk{};
  while (true) {
    const ssize_t n = ::read(worker_->output.get(), chunk.data(), chunk.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      if (n == 0) worker_->output.reset();  // end of file: every writer has gone
      return;
    }
    output_tail_.append(chunk.data(), static_cast<size_t>(n));
    if (output_tail_.size() > options_.stderr_tail_bytes)
      output_tail_.erase(0, output_tail_.size() - options_.stderr_tail_bytes);
  }
}

IsolatedWorker::Progress IsolatedWorker::send(std::string_view framed, Clock::time_point deadline) {
  size_t sent = 0;
  while (sent < framed.size()) {
    const int wait_ms = milliseconds_until(deadline);
    if (wait_ms == 0) return Progress::timed_out;
    std::array<pollfd, 2> fds = {pollfd{worker_->channel.get(), POLLOUT, 0},
                                 pollfd{worker_->output.get(), POLLIN, 0}};
    if (::poll(fds.data(), fds.size(), wait_ms) < 0) {
      if (errno == EINTR) continue;
      throw_errno("poll");
    }
    if (fds[1].revents != 0) drain_output();
    if (fds[0].revents & (POLLERR | POLLHUP)) return Progress::closed;
    if (!(fds[0].revents & POLLOUT)) continue;
    const ssize_t n = ::send(worker_->channel.get(), framed.data() + sent, framed.size() - sent,
                             MSG_NOSIGNAL | MSG_DONTWAIT);
    if (n > 0) {
      sent += static_cast<size_t>(n);
    } else if (errno == EPIPE || errno == ECONNRESET) {
      return Progress::closed;
    } else if (errno != EAGAIN && errno != EINTR) {
      throw_errno("send to worker");
    }
  }
  return Progress::done;
}

IsolatedWorker::Progress IsolatedWorker::receive(Clock::time_point deadline, std::string& reply) {
  std::array<char, 65536> chunk{};
  while (true) {
    if (auto message = worker_->decoder.next()) {
      reply = std::move(*message);
      return Progress::done;
    }
    const int wait_ms = milliseconds_until(deadline);
    if (wait_ms == 0) return Progress::timed_out;
    std::array<pollfd, 2> fds = {pollfd{worker_->channel.get(), POLLIN, 0},
                                 pollfd{worker_->output.get(), POLLIN, 0}};
    if (::poll(fds.data(), fds.size(), wait_ms) < 0) {
      if (errno == EINTR) continue;
      throw_errno("poll");
    }
    if (fds[1].revents != 0) drain_output();
    if (fds[0].revents == 0) continue;
    const ssize_t n = ::recv(worker_->channel.get(), chunk.data(), chunk.size(), MSG_DONTWAIT);
    if (n > 0) {
      worker_->decoder.feed(std::string_view(chunk.data(), static_cast<size_t>(n)));
    } else if (n == 0 || errno == ECONNRESET) {
      return Progress::closed;
    } else if (errno != EAGAIN && errno != EINTR) {
      throw_errno("recv from worker");
    }
  }
}

WorkerReply IsolatedWorker::fault(std::string failure) {
  // The channel closed: normally the worker died. Give it a moment to finish dying so its real
  // exit status is reported; one that lingers is killed.
  const auto grace = Clock::now() + std::chrono::seconds(1);
  std::optional<ProcessExit> exit;
  while (!(exit = worker_->process.try_wait()) && Clock::now() < grace) {
    drain_output();
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  if (!exit) {
    worker_->process.kill();
    exit = worker_->process.wait();
    failure += "; it lingered and was killed";
  }
  drain_output();
  WorkerReply reply;
  reply.outcome = WorkerOutcome::fault;
  reply.failure = fmt::format("worker {} ({})", exit->describe(), failure);
  reply.stderr_tail = output_tail_;
  worker_.reset();
  return reply;
}

WorkerReply IsolatedWorker::timeout(std::chrono::milliseconds limit) {
  worker_->process.kill();
  worker_->process.wait();
  drain_output();
  WorkerReply reply;
  reply.outcome = WorkerOutcome::timeout;
  reply.failure = fmt::format("no reply within {} ms; worker killed", limit.count());
  reply.stderr_tail = output_tail_;
  worker_.reset();
  return reply;
}

WorkerReply IsolatedWorker::request(std::string_view message, std::chrono::milliseconds limit) {
  if (!worker_) start();
  const auto deadline = Clock::now() + limit;
  try {
    const Progress sent = send(frame_message(message), deadline);
    if (sent == Progress::timed_out) return timeout(limit);
    if (sent == Progress::closed) return fault("it closed its channel before taking the request");
    std::string reply;
    const Progress received = receive(deadline, reply);
    if (received == Progress::timed_out) return timeout(limit);
    if (received == Progress::closed) return fault("it closed its channel without replying");
    return WorkerReply{WorkerOutcome::ok, std::move(reply), "", ""};
  } catch (const ProtocolError& garbled) {
    worker_->process.kill();
    return fault(fmt::format("sent a malformed reply: {}", garbled.what()));
  }
}

}  // namespace mhc
