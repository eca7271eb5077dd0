#pragma once
// Answers for input the sequencer will never process (it was stopped, or the database became
// unreadable): every login and request gets a RequestFailed with `text`, followed by the
// session control that releases the session's backpressure (kLoginFailed, kProcessed), so no
// client waits forever for a reply that cannot come. kClosed and kProvision need no answer.

#include <string_view>
#include <vector>

#include "messaging/inbound.h"
#include "messaging/outbox.h"

namespace exchange::engine {

messaging::Outbox refusals(const std::vector<messaging::Inbound>& inputs, std::string_view text);

}  // namespace exchange::engine
