#pragma once

#include <cstdint>

namespace exchange::messaging {

// Identifies one WebSocket connection for the life of the process (never reused).
using SessionId = uint64_t;

// Identifies a cohort: one exchange instance of the process (its id in the global database).
using CohortId = int64_t;

}  // namespace exchange::messaging
