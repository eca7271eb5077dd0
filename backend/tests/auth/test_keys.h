#pragma once
// Signing keys made at test time, the JWKS that publishes them, and tokens signed (or forged)
// with them.

#include <boost/json/object.hpp>
#include <string>
#include <vector>

#include "auth/jwk.h"

namespace exchange::auth::testing {

struct TestKey {
  std::string kid;
  Algorithm algorithm = Algorithm::kRs256;
  SharedPkey private_key;
};

TestKey make_rsa_key(const std::string& kid);
TestKey make_ec_key(const std::string& kid);

// {"keys": [public JWK of each]}
std::string jwks_of(const std::vector<const TestKey*>& keys);

// A token signed by `key` with header {"alg", "typ", "kid": key.kid}.
std::string sign(const TestKey& key, const boost::json::object& claims);
// A token with any header and raw signature bytes (for forgeries).
std::string assemble(const boost::json::object& header, const boost::json::object& claims,
                     const std::string& signature);
// The PEM of the key's public half (what an HS256 forgery uses as its HMAC secret).
std::string public_pem(const TestKey& key);
// HMAC-SHA256 of `data` with `secret`.
std::string hmac_sha256(const std::string& secret, const std::string& data);

// Unix seconds now.
int64_t now_seconds();

}  // namespace exchange::auth::testing
