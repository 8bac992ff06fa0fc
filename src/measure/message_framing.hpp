#pragma once
// How requests and replies cross the pipe between the sweep and its worker: each message is its
// length in decimal, a newline, then that many bytes. The content is opaque here; the sweep
// defines the payloads.
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace mhc {

// The descriptor a worker finds its channel on (a socket: requests in, replies out). Its stdout
// and stderr go to the parent, which keeps their tail for fault reports.
constexpr int kWorkerChannelFd = 3;

// Larger messages are refused: a garbled header must not make a reader allocate gigabytes.
constexpr int64_t kMaxMessageBytes = int64_t{1} << 30;

class ProtocolError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

std::string frame_message(std::string_view payload);

// Reassembles messages from bytes as they arrive, in any split.
class MessageDecoder {
 public:
  void feed(std::string_view bytes) { buffer_.append(bytes); }
  // The next complete message, or nullopt until more bytes arrive. Throws ProtocolError on a
  // malformed header.
  std::optional<std::string> next();
  // Bytes received that do not yet form a whole message.
  bool has_partial() const { return !buffer_.empty(); }

 private:
  std::string buffer_;
};

// Blocking helpers for the worker's side. read_message returns nullopt at a clean end of input
// (the parent closed the channel) and throws ProtocolError if the input ends inside a message.
std::optional<std::string> read_message(int fd, MessageDecoder& decoder);
void write_message(int fd, std::string_view payload);

}  // namespace mhc
