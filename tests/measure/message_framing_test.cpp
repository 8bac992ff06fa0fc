#include "measure/message_framing.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <string>

namespace mhc {
namespace {

TEST(MessageFraming, FramesWithDecimalLength) {
  EXPECT_EQ(frame_message("abc"), "3\nabc");
  EXPECT_EQ(frame_message(""), "0\n");
}

TEST(MessageFraming, DecoderReassemblesAnySplit) {
  const std::string stream = frame_message("first\nline") + frame_message("") + frame_message("3");
  for (size_t step = 1; step <= stream.size(); ++step) {
    MessageDecoder decoder;
    std::vector<std::string> messages;
    for (size_t i = 0; i < stream.size(); i += step) {
      decoder.feed(std::string_view(stream).substr(i, step));
      while (auto m = decoder.next()) messages.push_back(*m);
    }
    ASSERT_EQ(messages.size(), 3u) << "step " << step;
    EXPECT_EQ(messages[0], "first\nline");
    EXPECT_EQ(messages[1], "");
    EXPECT_EQ(messages[2], "3");
    EXPECT_FALSE(decoder.has_partial());
  }
}

TEST(MessageFraming, MalformedHeadersAreRejected) {
  MessageDecoder letters;
  letters.feed("12a\nxyz");
  EXPECT_THROW(letters.next(), ProtocolError);
  MessageDecoder no_newline;
  no_newline.feed(std::string(30, '1'));
  EXPECT_THROW(no_newline.next(), ProtocolError);
  MessageDecoder too_big;
  too_big.feed(std::to_string(kMaxMessageBytes + 1) + "\n");
  EXPECT_THROW(too_big.next(), ProtocolError);
}

TEST(MessageFraming, BlockingReadAndWriteOverAPipe) {
  int ends[2];
  ASSERT_EQ(pipe(ends), 0);
  write_message(ends[1], "one");
  write_message(ends[1], "two");
  close(ends[1]);
  MessageDecoder decoder;
  EXPECT_EQ(read_message(ends[0], decoder), "one");
  EXPECT_EQ(read_message(ends[0], decoder), "two");
  EXPECT_EQ(read_message(ends[0], decoder), std::nullopt);  // clean end of input
  close(ends[0]);
}

TEST(MessageFraming, InputEndingInsideAMessageIsAnError) {
  int ends[2];
  ASSERT_EQ(pipe(ends), 0);
  const std::string partial = "10\nabc";
  ASSERT_EQ(write(ends[1], partial.data(), partial.size()), static_cast<ssize_t>(partial.size()));
  close(ends[1]);
  MessageDecoder decoder;
  EXPECT_THROW(read_message(ends[0], decoder), ProtocolError);
  close(ends[0]);
}

}  // namespace
}  // namespace mhc
