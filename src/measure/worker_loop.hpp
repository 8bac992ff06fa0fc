#pragma once
// The worker's side of IsolatedWorker: read a request, call the handler, write its reply, until
// the parent closes the channel. A worker's main() is little more than this call.
#include <functional>
#include <string>
#include <string_view>

namespace mhc {

using WorkerHandler = std::function<std::string(std::string_view request)>;

// Serves requests on kWorkerChannelFd. Returns 0 (for main) when the parent closed the channel.
// When the handler throws or the channel breaks, the message goes to stderr (which the parent
// reports with the fault), the channel is closed and the process exits 1 at once, without
// destructors.
int run_worker_loop(const WorkerHandler& handler);

}  // namespace mhc
