#pragma once
// A forked child that runs one function and sends its result back through a pipe. The child does
// not exec: it inherits the parent's loaded libraries (NVRTC), which is what makes it cheap.
// Fork only from a process that has not initialised CUDA and has no other thread inside NVRTC.
#include <sys/types.h>

#include <functional>
#include <string>

#include "core/scoped_fd.hpp"

namespace mhc {

class WorkerProcess {
 public:
  // Forks; the child runs `task`, writes the string it returns to the pipe and _exit()s, so no
  // destructor or atexit handler of the parent's state runs twice.
  static WorkerProcess start(const std::function<std::string()>& task);

  WorkerProcess(WorkerProcess&& other) noexcept;
  WorkerProcess& operator=(WorkerProcess&&) = delete;
  WorkerProcess(const WorkerProcess&) = delete;
  WorkerProcess& operator=(const WorkerProcess&) = delete;
  ~WorkerProcess();  // kills and reaps a child that is still running

  pid_t pid() const { return pid_; }
  int output_fd() const { return output_.get(); }
  // Reads what the pipe holds now; returns false once the child closed it (it has finished).
  bool read_available();
  const std::string& output() const { return output_text_; }
  // Kills the child (SIGKILL) if it is still running.
  void kill();
  // Waits for the child and describes how it ended: empty for a clean exit 0, else e.g.
  // "killed by signal 11 (Segmentation fault)".
  std::string wait();

 private:
  WorkerProcess(pid_t pid, ScopedFd output) : pid_(pid), output_(std::move(output)) {}

  pid_t pid_ = -1;  // -1 once reaped
  ScopedFd output_;
  std::string output_text_;
};

}  // namespace mhc
