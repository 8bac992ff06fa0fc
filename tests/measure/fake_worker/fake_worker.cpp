// Test double of a sweep worker, for the crash-isolation tests: it serves requests through the real
// worker loop and, on command, echoes, crashes, hangs or exits, so every way a real worker can end
// is exercised without a GPU.
//   echo <text>        reply <text>
//   pid                reply this process's id
//   big <n>            reply n bytes
//   say <text>         write <text> to stderr, reply "said"
//   segv | abort       die by SIGSEGV / SIGABRT, after writing a line to stderr
//   hang               never reply
//   exit <code>        exit with <code> without replying
//   throw <text>       throw from the handler (the loop reports it and exits 1)
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>

#include "measure/worker_loop.hpp"

namespace {

std::string handle(std::string_view request) {
  const size_t space = request.find(' ');
  const std::string_view command = request.substr(0, space);
  const std::string_view argument =
      space == std::string_view::npos ? std::string_view() : request.substr(space + 1);
  if (command == "echo") return std::string(argument);
  if (command == "pid") return std::to_string(getpid());
  if (command == "big") return std::string(std::stoul(std::string(argument)), 'b');
  if (command == "say") {
    std::fprintf(stderr, "%.*s\n", static_cast<int>(argument.size()), argument.data());
    std::fflush(stderr);
    return "said";
  }
  if (command == "segv") {
    std::fputs("fake worker: about to dereference null\n", stderr);
    std::fflush(stderr);
    *static_cast<volatile int*>(nullptr) = 1;
  }
  if (command == "abort") {
    std::fputs("fake worker: aborting\n", stderr);
    std::fflush(stderr);
    std::abort();
  }
  if (command == "hang") {
    while (true) std::this_thread::sleep_for(std::chrono::seconds(1));
  }
  if (command == "exit") std::_Exit(std::stoi(std::string(argument)));
  if (command == "throw") throw std::runtime_error(std::string(argument));
  return "unknown command: " + std::string(command);
}

}  // namespace

int main() {
  return mhc::run_worker_loop(handle);
}
