#include "measure/spawned_process.hpp"

#include <errno.h>
#include <fcntl.h>
#include <fmt/format.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>

#include <cstring>
#include <stdexcept>
#include <utility>

extern char** environ;

namespace mhc {

namespace {

ProcessExit decode_status(int status) {
  ProcessExit exit;
  exit.signaled = WIFSIGNALED(status);
  exit.code = exit.signaled ? WTERMSIG(status) : WEXITSTATUS(status);
  return exit;
}

class SpawnFileActions {
 public:
  SpawnFileActions() { posix_spawn_file_actions_init(&actions_); }
  ~SpawnFileActions() { posix_spawn_file_actions_destroy(&actions_); }
  SpawnFileActions(const SpawnFileActions&) = delete;
  SpawnFileActions& operator=(const SpawnFileActions&) = delete;
  posix_spawn_file_actions_t* get() { return &actions_; }

 private:
  posix_spawn_file_actions_t actions_;
};

}  // namespace

std::string ProcessExit::describe() const {
  if (!signaled) return fmt::format("exited with status {}", code);
  const char* name = strsignal(code);
  return fmt::format("killed by signal {} ({})", code, name != nullptr ? name : "unknown");
}

SpawnedProcess SpawnedProcess::spawn(const std::vector<std::string>& argv, int channel_fd,
                                     int child_channel_fd, int output_fd) {
  if (argv.empty()) throw std::invalid_argument("spawn: empty argv");
  // dup2 onto the same number would keep close-on-exec set, so the sources must differ from the
  // targets (0, 1, 2 and child_channel_fd); callers pass descriptors above them.
  if (channel_fd <= child_channel_fd || output_fd <= child_channel_fd)
    throw std::invalid_argument("spawn: source descriptors must lie above the child's");
  SpawnFileActions actions;
  posix_spawn_file_actions_addopen(actions.get(), 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(actions.get(), output_fd, 1);
  posix_spawn_file_actions_adddup2(actions.get(), output_fd, 2);
  posix_spawn_file_actions_adddup2(actions.get(), channel_fd, child_channel_fd);
  posix_spawn_file_actions_addclosefrom_np(actions.get(), child_channel_fd + 1);

  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid = -1;
  const int error = posix_spawn(&pid, args[0], actions.get(), nullptr, args.data(), environ);
  if (error != 0)
    throw std::runtime_error(
        fmt::format("cannot start worker {}: {}", argv[0], std::strerror(error)));
  return SpawnedProcess(pid);
}

SpawnedProcess::SpawnedProcess(SpawnedProcess&& other) noexcept
    : pid_(std::exchange(other.pid_, -1)) {}

SpawnedProcess& SpawnedProcess::operator=(SpawnedProcess&& other) noexcept {
  if (this != &other) {
    terminate_and_reap();
    pid_ = std::exchange(other.pid_, -1);
  }
  return *this;
}

SpawnedProcess::~SpawnedProcess() {
  terminate_and_reap();
}

void SpawnedProcess::terminate_and_reap() noexcept {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGKILL);
  int status = 0;
  while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
  }
  pid_ = -1;
}

void SpawnedProcess::kill() {
  if (pid_ > 0) ::kill(pid_, SIGKILL);
}

std::optional<ProcessExit> SpawnedProcess::try_wait() {
  if (pid_ <= 0) throw std::logic_error("try_wait on a reaped process");
  int status = 0;
  const pid_t done = ::waitpid(pid_, &status, WNOHANG);
  if (done == 0) return std::nullopt;
  if (done < 0)
    throw std::runtime_error(fmt::format("waitpid({}): {}", pid_, std::strerror(errno)));
  pid_ = -1;
  return decode_status(status);
}

ProcessExit SpawnedProcess::wait() {
  if (pid_ <= 0) throw std::logic_error("wait on a reaped process");
  int status = 0;
  while (::waitpid(pid_, &status, 0) < 0) {
    if (errno != EINTR)
      throw std::runtime_error(fmt::format("waitpid({}): {}", pid_, std::strerror(errno)));
  }
  pid_ = -1;
  return decode_status(status);
}

}  // namespace mhc
