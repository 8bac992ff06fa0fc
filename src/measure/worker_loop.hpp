#pragma once
// The worker's side of IsolatedWorker: read a request, call the handler, write its reply, until
// the parent closes the channel. A worker's main() is little more than this call.
#include <functional>
#include <string>
#include <string_view>

namespace mhc {

using WorkerHandler = std::function<std::string(std::string_view request)>;

// Serves requests on kWorkerChannelFd. Returns the exit code for main(): 0 when the parent closed
// the channel; 1 when the handler threw (its message goes to stderr, which the parent reports with
// the fault) or the channel broke.
int run_worker_loop(const WorkerHandler& handler);

}  // namespace mhc
