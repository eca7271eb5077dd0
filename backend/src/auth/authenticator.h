#pragma once
// The one path by which a login is verified, whatever the login mode:
//   test token ("test::...")  -> accepted only with --insecure-test-auth (protocol.md 6.4);
//   bot token ("bot_...")     -> looked up in the bot token table;
//   anything else             -> a JWT checked by the TokenVerifier of the configured issuer
//                                (the external OIDC issuer, or the built-in one).
// Every refusal is the protocol's "JWT validation failed".

#include <memory>
#include <optional>
#include <string_view>

#include "auth/bot_tokens.h"
#include "auth/token_verifier.h"
#include "messaging/inbound.h"

namespace exchange::auth {

constexpr const char* kLoginFailed = "JWT validation failed";

class Authenticator {
 public:
  // `bot_tokens` may be null (no bot tokens then).
  Authenticator(std::shared_ptr<const TokenVerifier> verifier, BotTokens* bot_tokens,
                bool accept_test_tokens);

  // Thread-safe; may block (key fetch, database). For WebSocket Authenticate.
  std::optional<messaging::Identity> verify_login(std::string_view jwt, std::string_view id_jwt) const;
  // The identity behind an HTTP bearer access token: like verify_login without an id token,
  // but bot tokens are refused (a bot must not mint or revoke tokens).
  std::optional<messaging::Identity> verify_bearer(std::string_view access_token) const;

 private:
  std::shared_ptr<const TokenVerifier> verifier_;
  BotTokens* bot_tokens_;
  bool accept_test_tokens_;
};

}  // namespace exchange::auth
