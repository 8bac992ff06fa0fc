#pragma once
// A child process started by posix_spawn (fork + exec without fork's hazards in a threaded
// parent), killed and reaped when its owner goes.
#include <sys/types.h>

#include <optional>
#include <string>
#include <vector>

namespace mhc {

// How a child ended.
struct ProcessExit {
  bool signaled = false;  // killed by a signal (a fault) rather than exiting
  int code = 0;           // the exit status, or the signal number
  // "exited with status 3", "killed by signal 11 (Segmentation fault)".
  std::string describe() const;
};

class SpawnedProcess {
 public:
  // argv[0] is the executable's path. The child gets /dev/null as stdin, `output_fd` as stdout and
  // stderr, `channel_fd` as file descriptor `child_channel_fd`, and no other inherited descriptor.
  // Throws std::runtime_error naming the executable when it cannot be started.
  static SpawnedProcess spawn(const std::vector<std::string>& argv, int channel_fd,
                              int child_channel_fd, int output_fd);

  SpawnedProcess(SpawnedProcess&& other) noexcept;
  SpawnedProcess& operator=(SpawnedProcess&& other) noexcept;
  SpawnedProcess(const SpawnedProcess&) = delete;
  SpawnedProcess& operator=(const SpawnedProcess&) = delete;
  ~SpawnedProcess();

  pid_t pid() const { return pid_; }
  bool running() const { return pid_ > 0; }
  void kill();  // SIGKILL; the child is still to be reaped
  std::optional<ProcessExit> try_wait();
  ProcessExit wait();

 private:
  explicit SpawnedProcess(pid_t pid) : pid_(pid) {}
  void terminate_and_reap() noexcept;

  pid_t pid_ = -1;  // -1 once reaped
};

}  // namespace mhc
