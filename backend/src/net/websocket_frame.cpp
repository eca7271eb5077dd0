#include "net/websocket_frame.h"

#include <cstdint>

namespace exchange::net {
namespace {

constexpr unsigned char kFinalBinary = 0x82;  // FIN bit and opcode 2 (binary)
constexpr size_t kLongestShortLength = 125;   // lengths up to here fit in the second byte
constexpr unsigned char kTwoByteLength = 126;
constexpr unsigned char kEightByteLength = 127;

void append_big_endian(std::string& out, uint64_t value, int bytes) {
  for (int shift = (bytes - 1) * 8; shift >= 0; shift -= 8) {
    out.push_back(char((value >> shift) & 0xff));
  }
}

}  // namespace

void append_binary_frame_header(std::string& out, size_t payload_size) {
  out.push_back(char(kFinalBinary));
  if (payload_size <= kLongestShortLength) {
    out.push_back(char(payload_size));
  } else if (payload_size <= 0xffff) {
    out.push_back(char(kTwoByteLength));
    append_big_endian(out, payload_size, 2);
  } else {
    out.push_back(char(kEightByteLength));
    append_big_endian(out, payload_size, 8);
  }
}

}  // namespace exchange::net
