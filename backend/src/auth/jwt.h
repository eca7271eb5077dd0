#pragma once
// Compact JWS tokens (RFC 7515/7519): splitting and decoding, and RS256/ES256 signatures.
// What the claims must say is TokenVerifier's business, not this file's.

#include <boost/json/object.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "auth/jwk.h"

namespace exchange::auth {

// Longer tokens are refused before any decoding.
constexpr size_t kMaxTokenBytes = 16 << 10;

struct Jwt {
  boost::json::object header;
  boost::json::object claims;
  std::string signing_input;  // "<header>.<payload>" exactly as received
  std::string signature;      // decoded bytes
};

// nullopt unless `token` is three base64url parts whose first two are JSON objects.
std::optional<Jwt> parse_jwt(std::string_view token);

// True iff `signature` is a valid signature of `signing_input` by `key` with the key's own
// algorithm (ES256 signatures are the 64-byte r||s form of RFC 7518 3.4).
bool verify_signature(const VerificationKey& key, std::string_view signing_input,
                      std::string_view signature);

// A signed token: header {"alg", "typ":"JWT", "kid"} and `claims`. `private_key` must suit
// `algorithm` (RSA for RS256, P-256 for ES256). Throws std::runtime_error if signing fails.
std::string sign_jwt(EVP_PKEY* private_key, Algorithm algorithm, std::string_view kid,
                     const boost::json::object& claims);

}  // namespace exchange::auth
