#include "test_keys.h"

#include <openssl/hmac.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>

#include <boost/json/array.hpp>
#include <boost/json/serialize.hpp>
#include <chrono>
#include <stdexcept>

#include "auth/base64url.h"
#include "auth/jwt.h"

namespace exchange::auth::testing {

TestKey make_rsa_key(const std::string& kid) {
  PkeyHandle key(EVP_RSA_gen(2048));
  if (!key) throw std::runtime_error("RSA key generation failed");
  return TestKey{kid, Algorithm::kRs256, share(std::move(key))};
}

TestKey make_ec_key(const std::string& kid) {
  PkeyHandle key(EVP_EC_gen("P-256"));
  if (!key) throw std::runtime_error("EC key generation failed");
  return TestKey{kid, Algorithm::kEs256, share(std::move(key))};
}

std::string jwks_of(const std::vector<const TestKey*>& keys) {
  boost::json::array list;
  for (const TestKey* key : keys) {
    list.push_back(public_jwk(VerificationKey{key->kid, key->algorithm, key->private_key}));
  }
  boost::json::object jwks;
  jwks["keys"] = std::move(list);
  return boost::json::serialize(jwks);
}

std::string sign(const TestKey& key, const boost::json::object& claims) {
  return sign_jwt(key.private_key.get(), key.algorithm, key.kid, claims);
}

std::string assemble(const boost::json::object& header, const boost::json::object& claims,
                     const std::string& signature) {
  return base64url_encode(boost::json::serialize(header)) + "." +
         base64url_encode(boost::json::serialize(claims)) + "." + base64url_encode(signature);
}

std::string public_pem(const TestKey& key) {
  BIO* bio = BIO_new(BIO_s_mem());
  PEM_write_bio_PUBKEY(bio, key.private_key.get());
  char* data = nullptr;
  const long length = BIO_get_mem_data(bio, &data);
  std::string pem(data, static_cast<size_t>(length));
  BIO_free(bio);
  return pem;
}

std::string hmac_sha256(const std::string& secret, const std::string& data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
       reinterpret_cast<const unsigned char*>(data.data()), data.size(), digest, &length);
  return std::string(reinterpret_cast<char*>(digest), length);
}

int64_t now_seconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace exchange::auth::testing
