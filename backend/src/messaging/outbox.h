#pragma once
// What the sequencer hands to the network layer after each committed batch: an ordered list of
// frames to deliver and of session controls. The network layer applies the items in order on
// every I/O thread, so each session sees its messages in the order they were produced.

#include <memory>
#include <string>
#include <variant>
#include <vector>

#include "messaging/session_id.h"

namespace exchange::messaging {

// One encoded ServerMessage for a set of sessions.
struct Delivery {
  // false: exactly the sessions listed. true: every logged-in session of the outbox's cohort
  // except those listed.
  bool to_everyone = false;
  std::vector<SessionId> sessions;
  std::shared_ptr<const std::string> frame;
  // Part of a login snapshot or a re-send: counted against the session's bulk allowance, which
  // scales with the exchange's state, not against its live-event limit.
  bool bulk = false;
};

struct SessionControl {
  enum class Kind {
    kLoggedIn,   // login succeeded: from this item on, the session receives to_everyone
                 // deliveries, and its later frames are requests, not logins
    kLoginFailed,  // the login was refused (its RequestFailed precedes this); keep waiting
    kProcessed,  // `count` of the session's requests were handled (for backpressure)
    kClose,      // close the connection with `reason` after flushing what precedes this
  };
  SessionId session = 0;
  Kind kind = Kind::kProcessed;
  uint32_t count = 0;
  std::string reason;
};

using OutboxItem = std::variant<Delivery, SessionControl>;

struct Outbox {
  CohortId cohort = 0;  // whose exchange said this: to_everyone reaches only its sessions
  std::vector<OutboxItem> items;
};

}  // namespace exchange::messaging
