#include "jit/worker_process.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace mhc {

namespace {

void write_all(int fd, const std::string& text) {
  size_t written = 0;
  while (written < text.size()) {
    const ssize_t n = ::write(fd, text.data() + written, text.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;  // the parent is gone; nobody is left to tell
    written += static_cast<size_t>(n);
  }
}

std::string describe_status(int status) {
  if (WIFEXITED(status)) {
    const int code = WEXITSTATUS(status);
    return code == 0 ? "" : fmt::format("exited with code {}", code);
  }
  if (WIFSIGNALED(status)) {
    const int signal = WTERMSIG(status);
    return fmt::format("killed by signal {} ({})", signal, strsignal(signal));
  }
  return fmt::format("ended with wait status {}", status);
}

}  // namespace

WorkerProcess WorkerProcess::start(const std::function<std::string()>& task) {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0)
    throw std::runtime_error(fmt::format("pipe2 failed: {}", std::strerror(errno)));
  ScopedFd read_end(fds[0]);
  ScopedFd write_end(fds[1]);
  const pid_t pid = ::fork();
  if (pid < 0) throw std::runtime_error(fmt::format("fork failed: {}", std::strerror(errno)));
  if (pid == 0) {
    read_end.reset();
    int code = 0;
    try {
      write_all(write_end.get(), task());
    } catch (...) {
      code = 70;  // the task is expected to report its own errors; this is a last resort
    }
    ::_exit(code);
  }
  return WorkerProcess(pid, std::move(read_end));
}

WorkerProcess::WorkerProcess(WorkerProcess&& other) noexcept
    : pid_(std::exchange(other.pid_, -1)),
      output_(std::move(other.output_)),
      output_text_(std::move(other.output_text_)) {}

WorkerProcess::~WorkerProcess() {
  if (pid_ > 0) {
    kill();
    wait();
  }
}

bool WorkerProcess::read_available() {
  char buffer[65536];
  const ssize_t n = ::read(output_.get(), buffer, sizeof buffer);
  if (n < 0) return errno == EINTR || errno == EAGAIN;
  if (n == 0) return false;
  output_text_.append(buffer, static_cast<size_t>(n));
  return true;
}

void WorkerProcess::kill() {
  if (pid_ > 0) ::kill(pid_, SIGKILL);
}

std::string WorkerProcess::wait() {
  if (pid_ <= 0) return "";
  int status = 0;
  pid_t result = 0;
  do {
    result = ::waitpid(pid_, &status, 0);
  } while (result < 0 && errno == EINTR);
  pid_ = -1;
  output_.reset();
  return result < 0 ? fmt::format("waitpid failed: {}", std::strerror(errno))
                    : describe_status(status);
}

}  // namespace mhc
