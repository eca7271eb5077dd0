#pragma once
// HTTP routes of the login modes:
//   GET  /api/config                   which login mode is on (never a secret)
//   GET  /api/.well-known/jwks.json    the built-in issuer's public key (built-in mode)
//   POST /api/auth/register            {"name","password"[,"setup_code"]} -> tokens (built-in)
//   POST /api/auth/login               {"name","password"} -> tokens (built-in mode)
// Register and login run on the server's hashing pool (password hashing is slow and
// memory-hungry), never on the workers that check WebSocket logins; a full pool answers 503.
// Throttled requests get 429 with a Retry-After header.

#include <functional>
#include <string>

#include "auth/builtin_login.h"
#include "net/http_json.h"
#include "net/server.h"

namespace exchange::app {

// `config_json` makes the body on each request (it changes when setup ends).
void add_config_route(net::Server& server, std::function<std::string()> config_json);
// `login` and `key` must outlive the server. X-Forwarded-For is believed from `proxies` only.
void add_builtin_login_routes(net::Server& server, auth::BuiltinLogin& login, const auth::SigningKey& key,
                              net::TrustedProxies proxies);
// Answers a CORS preflight (OPTIONS) for `path`, so a web app on another origin (a dev
// server) may send JSON and Authorization headers.
void add_preflight_route(net::Server& server, const std::string& path, bool prefix = false);

}  // namespace exchange::app
