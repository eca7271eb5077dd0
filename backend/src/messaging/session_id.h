#pragma once

#include <cstdint>

namespace exchange::messaging {

// Identifies one WebSocket connection for the life of the process (never reused).
using SessionId = uint64_t;

}  // namespace exchange::messaging
