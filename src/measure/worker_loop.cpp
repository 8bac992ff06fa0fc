#include "measure/worker_loop.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <cstdio>
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
    return 1;
  }
  return 0;
}

}  // namespace mhc
