#pragma once
// Authenticate (protocol.md 5.1, 5.2 and 6.5-6.6): first-login account creation, the login
// rate limit, the owned set, and the snapshot that ends with ActingAs.

#include "api/batch_context.h"
#include "client_message.pb.h"
#include "messaging/identity.h"

namespace exchange::api {

// Answers a login whose tokens were verified: the snapshot and kLoggedIn, or a RequestFailed
// and kLoginFailed (or kClose when rate limited). Returns the encoded size of the snapshot
// sent, from Authenticated to ActingAs (0 when refused).
size_t log_in(BatchContext& ctx, SessionId session, const websocket_api::ClientMessage& message,
            const messaging::Identity& identity);
// Opens the user's account if it has none yet (as a first login would, without a session).
void provision_account(BatchContext& ctx, const messaging::Identity& identity);

}  // namespace exchange::api
