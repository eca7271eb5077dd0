// The frame header the sessions write themselves (net/websocket_frame.h), byte for byte as
// RFC 6455 section 5.2 lays it out, at each boundary of the three length forms. The session
// tests read such frames back through a real WebSocket client.

#include "net/websocket_frame.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace exchange::net::testing {
namespace {

std::vector<int> header_bytes(size_t payload_size) {
  std::string out = "prefix";  // appended to, never replaced
  append_binary_frame_header(out, payload_size);
  EXPECT_EQ(out.substr(0, 6), "prefix");
  std::vector<int> bytes;
  for (size_t i = 6; i < out.size(); ++i) bytes.push_back(static_cast<unsigned char>(out[i]));
  return bytes;
}

TEST(WebSocketFrameTest, ShortLengthsFitInTheSecondByte) {
  EXPECT_EQ(header_bytes(0), (std::vector<int>{0x82, 0}));
  EXPECT_EQ(header_bytes(1), (std::vector<int>{0x82, 1}));
  EXPECT_EQ(header_bytes(125), (std::vector<int>{0x82, 125}));
}

TEST(WebSocketFrameTest, MediumLengthsTakeTwoBigEndianBytes) {
  EXPECT_EQ(header_bytes(126), (std::vector<int>{0x82, 126, 0x00, 0x7e}));
  EXPECT_EQ(header_bytes(300), (std::vector<int>{0x82, 126, 0x01, 0x2c}));
  EXPECT_EQ(header_bytes(65535), (std::vector<int>{0x82, 126, 0xff, 0xff}));
}

TEST(WebSocketFrameTest, LongLengthsTakeEightBigEndianBytes) {
  EXPECT_EQ(header_bytes(65536), (std::vector<int>{0x82, 127, 0, 0, 0, 0, 0, 1, 0, 0}));
  EXPECT_EQ(header_bytes(0x12345678),
            (std::vector<int>{0x82, 127, 0, 0, 0, 0, 0x12, 0x34, 0x56, 0x78}));
}

}  // namespace
}  // namespace exchange::net::testing
