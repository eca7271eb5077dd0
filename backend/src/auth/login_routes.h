#pragma once
// HTTP routes of the login modes:
//   GET  /api/config                   which login mode is on (never a secret)
//   GET  /api/.well-known/jwks.json    the built-in issuer's public key (built-in mode)
//   POST /api/auth/register            {"name","password"} -> tokens (built-in mode)
//   POST /api/auth/login               {"name","password"} -> tokens (built-in mode)
// Register and login run on the server's worker pool (password hashing is slow).

#include <string>

#include "auth/builtin_login.h"
#include "net/server.h"

namespace exchange::auth {

void add_config_route(net::Server& server, std::string config_json);
// `login` and `key` must outlive the server.
void add_builtin_login_routes(net::Server& server, BuiltinLogin& login, const SigningKey& key,
                              bool trust_forwarded_for);
// Answers a CORS preflight (OPTIONS) for `path`, so a web app on another origin (a dev
// server) may send JSON and Authorization headers.
void add_preflight_route(net::Server& server, const std::string& path, bool prefix = false);

}  // namespace exchange::auth
