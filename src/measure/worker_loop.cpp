#include "measure/worker_loop.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <exception>

#include "measure/message_framing.hpp"

namespace mhc {

int run_worker_loop(const WorkerHandler& handler) {
  MessageDecoder decoder;
  try {
    while (auto request = read_message(kWorkerChannelFd, decoder))
      write_message(kWorkerChannelFd, handler(*request));
  } catch (const std::exception& error) {
    fmt::print(stderr, "worker {}: {}\n", getpid(), error.what());
    std::fflush(stderr);
    // The parent learns of the failure from the channel closing, at once. Destructors are skipped:
    // after a sticky CUDA error they would tear down a dead context (CUPTI flushes, frees, module
    // unloads), which can stall long enough for the parent to record a timeout instead of a fault.
    ::close(kWorkerChannelFd);
    std::_Exit(1);
  }
  return 0;
}

}  // namespace mhc
