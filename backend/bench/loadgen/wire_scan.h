#pragma once
// Reading one top-level field of a ServerMessage without decoding the whole message: the load
// generator's own parsing must not be what the measurement measures.

#include <algorithm>
#include <cstdint>
#include <string_view>

namespace exchange::loadgen {

constexpr uint64_t kOrderCreatedField = 5;  // ServerMessage.order_created
constexpr uint64_t kRequestIdField = 19;    // ServerMessage.request_id

// The bytes of the first length-delimited top-level field `number` (a string or an embedded
// message); empty when absent or when the message is malformed.
inline std::string_view top_level_field(std::string_view bytes, uint64_t number) {
  size_t at = 0;
  auto varint = [&]() -> uint64_t {
    uint64_t value = 0;
    for (int shift = 0; at < bytes.size() && shift < 64; shift += 7) {
      const auto byte = uint8_t(bytes[at++]);
      value |= uint64_t(byte & 0x7f) << shift;
      if ((byte & 0x80) == 0) break;
    }
    return value;
  };
  while (at < bytes.size()) {
    const uint64_t tag = varint();
    switch (tag & 7) {
      case 0: varint(); break;
      case 1: at += 8; break;
      case 5: at += 4; break;
      case 2: {
        const uint64_t length = varint();
        if (length > bytes.size() - std::min(at, bytes.size())) return {};
        if ((tag >> 3) == number) return bytes.substr(at, length);
        at += length;
        break;
      }
      default: return {};
    }
  }
  return {};
}

}  // namespace exchange::loadgen
