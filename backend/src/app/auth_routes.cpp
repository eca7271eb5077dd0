#include "app/auth_routes.h"

#include "app/bot_token_routes.h"
#include "app/login_routes.h"

namespace exchange::app {

void add_auth_routes(net::Server& server, auth::Authentication& auth) {
  add_config_route(server, [&auth] { return auth.config_json(); });
  add_preflight_route(server, "/api/config");
  if (auth::BuiltinLogin* login = auth.builtin_login()) {
    add_builtin_login_routes(server, *login, *auth.signing_key(),
                             net::TrustedProxies(auth.trusted_proxies()));
  }
  add_bot_token_routes(server, auth.authenticator(), auth.bot_tokens());
}

}  // namespace exchange::app
