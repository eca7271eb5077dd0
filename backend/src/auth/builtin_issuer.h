#pragma once
// The built-in issuer: signs access and id tokens for built-in users with the server's own key,
// in the same shape as an OIDC provider's, so that one TokenVerifier checks both.
//
// Access token claims: iss = kBuiltinIssuer, aud = kBuiltinAudience, sub, iat, nbf, exp, and
// roles = [{"key": <admin role>}] for admins (whether the user is admin is decided here, at
// issue time). Id token: iss, aud, sub, name, iat, nbf, exp.

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "auth/signing_key.h"
#include "auth/token_verifier.h"
#include "auth/user_store.h"

namespace exchange::auth {

constexpr const char* kBuiltinIssuer = "exchange-builtin";
constexpr const char* kBuiltinAudience = "exchange";

struct IssuedTokens {
  std::string access_token;
  std::string id_token;
  int64_t expires_in = 0;  // seconds
};

class BuiltinIssuer {
 public:
  static constexpr std::chrono::hours kTokenLifetime{12};

  BuiltinIssuer(std::shared_ptr<const SigningKey> key, std::string admin_role);

  IssuedTokens issue(const BuiltinUser& user) const;

  // What a TokenVerifier needs to check this issuer's tokens.
  VerifierSettings verifier_settings() const;
  std::shared_ptr<KeySet> key_set() const;
  const SigningKey& key() const { return *key_; }

 private:
  std::shared_ptr<const SigningKey> key_;
  std::string admin_role_;
};

}  // namespace exchange::auth
