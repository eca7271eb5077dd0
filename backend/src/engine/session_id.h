#pragma once

#include <cstdint>

namespace exchange::engine {

// Identifies one WebSocket connection for the life of the process (never reused).
using SessionId = uint64_t;

}  // namespace exchange::engine
