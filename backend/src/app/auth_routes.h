#pragma once
// Wires the login system (auth/) into the server's HTTP routes: /api/config, the built-in
// login's register and login routes (built-in mode), and the bot-token routes. auth/ itself
// knows nothing of HTTP servers; these routes translate between HTTP and its functions.

#include "auth/authentication.h"
#include "net/server.h"

namespace exchange::app {

// `auth` must outlive the server.
void add_auth_routes(net::Server& server, auth::Authentication& auth);

}  // namespace exchange::app
