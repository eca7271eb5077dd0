#pragma once
// The one path by which a login is verified, whatever the login mode:
//   test token ("test::...")  -> accepted only with --insecure-test-auth (protocol.md 6.4);
//   bot token ("bot_...")     -> looked up in the bot token table;
//   anything else             -> a JWT checked by the TokenVerifier of the configured issuer
//                                (the external OIDC issuer, or the built-in one).
// Every refusal is the protocol's "JWT validation failed".

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "auth/bot_tokens.h"
#include "auth/token_verifier.h"
#include "messaging/inbound.h"

namespace exchange::auth {

constexpr const char* kLoginFailed = "JWT validation failed";

class Authenticator {
 public:
  // `bot_tokens` may be null (no bot tokens then). A JWT whose identity is one of
  // `admin_identities` (KINDE_ADMIN_M2M_CLIENT_IDS: machine-to-machine clients, which carry
  // no roles) is admin (cohorts.md 3.1); test and bot tokens never are by that list.
  Authenticator(std::shared_ptr<const TokenVerifier> verifier, BotTokens* bot_tokens,
                bool accept_test_tokens, std::vector<std::string> admin_identities = {});

  // Thread-safe; may block (key fetch, database). For WebSocket Authenticate.
  std::optional<messaging::Identity> verify_login(std::string_view jwt, std::string_view id_jwt) const;
  // The identity behind an HTTP bearer access token: like verify_login without an id token,
  // but bot tokens are refused (a bot must not mint or revoke tokens), and a JWT's `email`
  // claim is the identity's e-mail (cohorts.md 3.1: only HTTP reads it).
  std::optional<messaging::Identity> verify_bearer(std::string_view access_token) const;
  // The X-ID-Token of HTTP (cohorts.md 3.1, 7.3): what `id_token` says about `bearer` (the
  // identity of `access_token`), or nullopt if it does not hold for it. With a test bearer
  // token it must be a WebSocket-style test token of the same subject; otherwise an id token
  // of the issuer whose `sub` is the bearer's identity.
  std::optional<IdTokenClaims> verify_id_token(std::string_view access_token,
                                               std::string_view id_token,
                                               const messaging::Identity& bearer) const;

 private:
  // The allow-list's admin grant, for identities from the verifier.
  std::optional<messaging::Identity> listed_admin(std::optional<messaging::Identity> identity) const;

  std::shared_ptr<const TokenVerifier> verifier_;
  BotTokens* bot_tokens_;
  bool accept_test_tokens_;
  std::vector<std::string> admin_identities_;
};

}  // namespace exchange::auth
