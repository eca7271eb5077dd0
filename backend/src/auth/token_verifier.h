#pragma once
// Verifies access and id tokens of one issuer (protocol.md 6.2) and turns them into the login
// identity. The same code checks the external OIDC issuer's tokens and the built-in issuer's;
// only the settings and the key set differ.
//
// A token is valid iff: it parses; its header names a kid present in the key set and an `alg`
// equal to that key's algorithm (RS256 for RSA keys, ES256 for P-256 keys; never `none`, never
// HMAC); the signature verifies; `exp` is present and not more than `leeway` in the past;
// `nbf`, if present, is not more than `leeway` in the future; `iss` equals the issuer; `aud`
// (a string or an array of strings) contains at least one accepted audience.

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/object.hpp>

#include "auth/key_set.h"
#include "messaging/inbound.h"

namespace exchange::auth {

struct VerifierSettings {
  std::string issuer;                  // exact `iss`
  std::vector<std::string> audiences;  // accepted `aud` values for access tokens
  // Further audiences accepted for id tokens only (an OIDC id token's audience is the web
  // app's client id).
  std::vector<std::string> id_token_audiences;
  std::string admin_role = "admin";  // the `roles[].key` that grants admin
  std::chrono::seconds leeway{60};
};

// The person an id token describes: display name (may be empty) and e-mail (may be absent).
struct IdTokenClaims {
  std::string name;
  std::optional<std::string> email;
};

class TokenVerifier {
 public:
  using Clock = std::function<std::chrono::system_clock::time_point()>;

  TokenVerifier(VerifierSettings settings, std::shared_ptr<KeySet> keys,
                Clock clock = std::chrono::system_clock::now);

  // Thread-safe (may block while the key set is fetched). The login identity of an access
  // token and an optional id token (empty = none): verify_access, then, with an id token,
  // verify_id_token against that identity, whose name and e-mail become the identity's.
  std::optional<messaging::Identity> verify_login(std::string_view access_token,
                                               std::string_view id_token) const;

  // The identity of an access token alone (cohorts.md 3.1): subject = `sub` if it is a
  // non-empty string, else `azp` (a machine-to-machine token carries no `sub`; `azp` is its
  // client id); neither: invalid. Admin iff its `roles` holds admin_role. `roles`, if present,
  // must be an array of objects with a string `key`, each "admin", "trader" or admin_role: any
  // other key invalidates the token (reference quirk 17). With `read_email`, the token's
  // string `email` claim becomes the identity's e-mail (only the HTTP API reads it).
  std::optional<messaging::Identity> verify_access(std::string_view access_token,
                                                bool read_email = false) const;

  // What an id token says about `subject` (cohorts.md 3.1): nullopt unless it is valid and
  // its string `sub` equals `subject`. The name is the trimmed `name`, else the trimmed
  // `given_name` and `family_name` joined by a space (either alone will do), else empty.
  std::optional<IdTokenClaims> verify_id_token(std::string_view id_token,
                                               std::string_view subject) const;

  // The verified claims of one token (the rules above, without the claim-specific ones).
  std::optional<boost::json::object> verify(std::string_view token, bool id_token) const;

  const VerifierSettings& settings() const { return settings_; }

 private:
  bool audience_accepted(const boost::json::value* audience, bool id_token) const;
  bool times_valid(const boost::json::object& claims) const;

  VerifierSettings settings_;
  std::shared_ptr<KeySet> keys_;
  Clock clock_;
};

}  // namespace exchange::auth
