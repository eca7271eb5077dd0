#pragma once
// What a session hands to the sequencer: a login, a request or the end of a connection.

#include <memory>
#include <string>

#include "client_message.pb.h"
#include "messaging/account_command.h"
#include "messaging/identity.h"
#include "messaging/session_id.h"

namespace exchange::messaging {

struct Inbound {
  enum class Kind {
    kLogin,    // an Authenticate whose tokens were verified; `message` holds it
    kRequest,  // any request after login (including a repeated Authenticate)
    kClosed,   // the connection ended; forget the session
    kProvision,  // a user the login system knows (registered, or added by the `user add`
                 // command) gets its exchange account now, before its first connection, so
                 // that an instructor can fund it; `identity` holds it, no session
    kAccountCommand,  // work asked by the HTTP API; `command` holds it, no session
  };
  Kind kind = Kind::kRequest;
  CohortId cohort = 0;  // the exchange instance it is for
  SessionId session = 0;
  websocket_api::ClientMessage message;
  Identity identity;  // kLogin and kProvision only
  std::shared_ptr<AccountCommand> command;  // kAccountCommand only
};

}  // namespace exchange::messaging
