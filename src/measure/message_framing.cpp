#include "measure/message_framing.hpp"

#include <errno.h>
#include <fmt/format.h>
#include <unistd.h>

#include <array>
#include <cstring>

namespace mhc {

std::string frame_message(std::string_view payload) {
  std::string framed = fmt::format("{}\n", payload.size());
  framed.append(payload);
  return framed;
}

std::optional<std::string> MessageDecoder::next() {
  const size_t newline = buffer_.find('\n');
  constexpr size_t kMaxHeaderDigits = 19;
  if (newline == std::string::npos) {
    if (buffer_.size() > kMaxHeaderDigits)
      throw ProtocolError(
          fmt::format("message header without newline: '{}'", buffer_.substr(0, kMaxHeaderDigits)));
    return std::nullopt;
  }
  const std::string_view header(buffer_.data(), newline);
  int64_t length = 0;
  if (header.empty() || header.size() > kMaxHeaderDigits ||
      header.find_first_not_of("0123456789") != std::string_view::npos)
    throw ProtocolError(fmt::format("malformed message header '{}'", header.substr(0, 40)));
  for (const char digit : header) length = length * 10 + (digit - '0');
  if (length > kMaxMessageBytes)
    throw ProtocolError(
        fmt::format("message of {} bytes exceeds the {} byte limit", length, kMaxMessageBytes));
  const size_t total = newline + 1 + static_cast<size_t>(length);
  if (buffer_.size() < total) return std::nullopt;
  std::string message = buffer_.substr(newline + 1, static_cast<size_t>(length));
  buffer_.erase(0, total);
  return message;
}

std::optional<std::string> read_message(int fd, MessageDecoder& decoder) {
  std::array<char, 65536> chunk{};
  while (true) {
    if (auto message = decoder.next()) return message;
    const ssize_t n = ::read(fd, chunk.data(), chunk.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw ProtocolError(fmt::format("read from fd {}: {}", fd, std::strerror(errno)));
    if (n == 0) {
      if (decoder.has_partial()) throw ProtocolError("input ended inside a message");
      return std::nullopt;
    }
    decoder.feed(std::string_view(chunk.data(), static_cast<size_t>(n)));
  }
}

void write_message(int fd, std::string_view payload) {
  const std::string framed = frame_message(payload);
  size_t written = 0;
  while (written < framed.size()) {
    const ssize_t n = ::write(fd, framed.data() + written, framed.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw ProtocolError(fmt::format("write to fd {}: {}", fd, std::strerror(errno)));
    written += static_cast<size_t>(n);
  }
}

}  // namespace mhc
