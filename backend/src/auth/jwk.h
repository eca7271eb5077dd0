#pragma once
// JSON Web Keys (RFC 7517) for token signatures: RSA keys verify RS256, EC P-256 keys ES256.
// Each key is bound to that one algorithm, so a token cannot choose how it is checked.

#include <boost/json/object.hpp>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "auth/openssl_handles.h"

namespace exchange::auth {

enum class Algorithm { kRs256, kEs256 };

std::string_view algorithm_name(Algorithm algorithm);

struct VerificationKey {
  std::string kid;
  Algorithm algorithm = Algorithm::kRs256;
  SharedPkey key;  // public key, never null
};

// kid -> key.
using KeyMap = std::map<std::string, VerificationKey, std::less<>>;

// RSA keys shorter than this are refused.
constexpr int kMinRsaBits = 2048;

// The key a JWK describes, if it is a signing key we can use: kty RSA (n, e; at least
// kMinRsaBits) or kty EC with crv P-256 (x, y on the curve); a non-empty kid; `use`, if
// present, "sig"; `alg`, if present, the algorithm the key type implies.
std::optional<VerificationKey> key_from_jwk(const boost::json::object& jwk);

// The usable keys of a JWKS document ({"keys": [...]}); unusable entries are skipped. nullopt
// when the text is not a JWKS.
std::optional<KeyMap> parse_jwks(std::string_view json);

// The public JWK of `key` (with kid, alg and use), as published in a JWKS.
boost::json::object public_jwk(const VerificationKey& key);

}  // namespace exchange::auth
