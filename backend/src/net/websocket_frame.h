#pragma once
// The framing of one server-to-client WebSocket message (RFC 6455 section 5.2), for writing
// frames without Beast's per-message write operation (see SessionStream::append_message).

#include <cstddef>
#include <string>

namespace exchange::net {

// Appends the header of a final, unmasked binary frame of `payload_size` bytes: what Beast
// writes for a server's binary message with auto_fragment off and no compression. A server
// never masks its frames, so the payload follows the header unchanged.
void append_binary_frame_header(std::string& out, size_t payload_size);

}  // namespace exchange::net
