#pragma once
// HTTP routes for a user's bot tokens, authenticated with "Authorization: Bearer <access
// token>" (401 {"error"} otherwise); a user sees and revokes only their own tokens:
//   POST   /api/auth/tokens        {"name"} -> 201 {"id","name","token","created_at"}
//   GET    /api/auth/tokens        -> 200 [{"id","name","created_at","last_used_at"}]
//   DELETE /api/auth/tokens/{id}   -> 204, or 404 when the user has no such token
// Times are ISO 8601 UTC strings ("2025-01-31T09:30:00Z"); last_used_at is null until used.
// The handlers run on the worker pool (token checks may fetch keys; SQLite may wait).

#include "auth/authenticator.h"
#include "auth/bot_tokens.h"
#include "net/server.h"

namespace exchange::app {

// `authenticator` and `tokens` must outlive the server.
void add_bot_token_routes(net::Server& server, const auth::Authenticator& authenticator,
                          auth::BotTokens& tokens);

// "YYYY-MM-DDTHH:MM:SSZ" for Unix seconds.
std::string iso_time(int64_t unix_seconds);

}  // namespace exchange::app
