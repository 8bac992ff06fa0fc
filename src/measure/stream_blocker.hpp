#pragma once
// nvbench's blocking kernel: a kernel that spins on a host-mapped flag holds the stream while the
// host queues a sample's launches, then the host releases it, so the sample runs back to back and
// the host's launch overhead stays out of both timers. A timeout ends the spin if the host never
// releases it (an enqueue that synchronises would otherwise deadlock); that sample is reported as
// an error.
#include <cuda_runtime.h>

#include <cstdint>
#include <string_view>

#include "gpu/cubin_library.hpp"
#include "gpu/pinned_host_buffer.hpp"

namespace mhc {

class StreamBlocker {
 public:
  static constexpr const char* kKernelName = "mhc_stream_blocker";
  explicit StreamBlocker(double timeout_seconds = 1.0);

  // Queues the spinning kernel on `stream`.
  void block(cudaStream_t stream, std::string_view context);
  // Lets it finish. Safe to call when not blocked.
  void release();
  // After the stream synchronised: whether the last block ended by its timeout.
  bool timed_out() const;

 private:
  CubinLibrary library_;
  LoadedKernel kernel_;
  PinnedHostBuffer flags_;  // [0] release flag written by the host, [1] timeout flag by the kernel
  uint64_t timeout_ns_;
};

// Blocks in the constructor and releases in the destructor, so an exception thrown while queueing
// a sample never leaves the stream spinning until the timeout.
class BlockedStreamScope {
 public:
  BlockedStreamScope(StreamBlocker& blocker, cudaStream_t stream, std::string_view context)
      : blocker_(blocker) {
    blocker_.block(stream, context);
  }
  ~BlockedStreamScope() { blocker_.release(); }
  BlockedStreamScope(const BlockedStreamScope&) = delete;
  BlockedStreamScope& operator=(const BlockedStreamScope&) = delete;

 private:
  StreamBlocker& blocker_;
};

}  // namespace mhc
