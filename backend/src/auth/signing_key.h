#pragma once
// The built-in issuer's signing key: an EC P-256 private key (ES256) kept as PEM in the data
// directory. Created on first start with file mode 0600 and reused afterwards, so tokens stay
// valid across restarts. Immutable once loaded; safe to share between threads.

#include <boost/json/object.hpp>
#include <filesystem>
#include <string>

#include "auth/jwk.h"

namespace exchange::auth {

class SigningKey {
 public:
  // Loads the key at `path`, or creates it there (mode 0600) when the file does not exist. A
  // file readable by others is made 0600 (with a warning). Throws std::runtime_error when the
  // file cannot be read, written or parsed.
  static SigningKey load_or_create(const std::filesystem::path& path);

  // The public half, with its kid (derived from the key, so stable across restarts).
  const VerificationKey& public_key() const { return public_; }
  // A token with these claims, signed ES256.
  std::string sign(const boost::json::object& claims) const;
  // {"keys":[<the public JWK>]}
  std::string jwks_json() const;

 private:
  SigningKey(SharedPkey private_key, VerificationKey public_key)
      : private_(std::move(private_key)), public_(std::move(public_key)) {}

  SharedPkey private_;
  VerificationKey public_;
};

// File name of the key inside the data directory.
constexpr const char* kSigningKeyFile = "auth-signing-key.pem";

}  // namespace exchange::auth
