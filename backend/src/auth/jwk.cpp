#include "auth/jwk.h"

#include <openssl/core_names.h>

#include <algorithm>
#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <vector>

#include "auth/base64url.h"

namespace exchange::auth {
namespace {

namespace json = boost::json;

constexpr size_t kP256CoordinateBytes = 32;

std::optional<std::string> string_member(const json::object& object, std::string_view name) {
  const json::value* value = object.if_contains(name);
  if (value == nullptr || !value->is_string()) return std::nullopt;
  return std::string(value->get_string());
}

std::optional<std::string> decoded_member(const json::object& object, std::string_view name) {
  std::optional<std::string> text = string_member(object, name);
  if (!text) return std::nullopt;
  return base64url_decode(*text);
}

BignumHandle bignum(const std::string& big_endian) {
  return BignumHandle(BN_bin2bn(reinterpret_cast<const unsigned char*>(big_endian.data()),
                                static_cast<int>(big_endian.size()), nullptr));
}

// Builds a public key of `type` ("RSA" or "EC") from `params`, and checks it.
PkeyHandle public_key_from(const char* type, const OSSL_PARAM* params) {
  PkeyContextHandle context(EVP_PKEY_CTX_new_from_name(nullptr, type, nullptr));
  if (!context || EVP_PKEY_fromdata_init(context.get()) <= 0) return nullptr;
  EVP_PKEY* raw = nullptr;
  if (EVP_PKEY_fromdata(context.get(), &raw, EVP_PKEY_PUBLIC_KEY,
                        const_cast<OSSL_PARAM*>(params)) <= 0) {
    return nullptr;
  }
  PkeyHandle key(raw);
  PkeyContextHandle check(EVP_PKEY_CTX_new_from_pkey(nullptr, key.get(), nullptr));
  if (!check || EVP_PKEY_public_check(check.get()) != 1) return nullptr;
  return key;
}

PkeyHandle rsa_key(const json::object& jwk) {
  std::optional<std::string> n = decoded_member(jwk, "n");
  std::optional<std::string> e = decoded_member(jwk, "e");
  if (!n || !e || n->empty() || e->empty()) return nullptr;
  BignumHandle modulus = bignum(*n);
  BignumHandle exponent = bignum(*e);
  ParamBuilderHandle builder(OSSL_PARAM_BLD_new());
  if (!modulus || !exponent || !builder ||
      !OSSL_PARAM_BLD_push_BN(builder.get(), OSSL_PKEY_PARAM_RSA_N, modulus.get()) ||
      !OSSL_PARAM_BLD_push_BN(builder.get(), OSSL_PKEY_PARAM_RSA_E, exponent.get())) {
    return nullptr;
  }
  ParamsHandle params(OSSL_PARAM_BLD_to_param(builder.get()));
  if (!params) return nullptr;
  PkeyHandle key = public_key_from("RSA", params.get());
  if (!key || EVP_PKEY_get_bits(key.get()) < kMinRsaBits) return nullptr;
  return key;
}

PkeyHandle p256_key(const json::object& jwk) {
  if (string_member(jwk, "crv") != "P-256") return nullptr;
  std::optional<std::string> x = decoded_member(jwk, "x");
  std::optional<std::string> y = decoded_member(jwk, "y");
  if (!x || !y || x->size() != kP256CoordinateBytes || y->size() != kP256CoordinateBytes) {
    return nullptr;
  }
  const std::string point = "\x04" + *x + *y;  // uncompressed SEC1 encoding
  ParamBuilderHandle builder(OSSL_PARAM_BLD_new());
  if (!builder ||
      !OSSL_PARAM_BLD_push_utf8_string(builder.get(), OSSL_PKEY_PARAM_GROUP_NAME, "P-256", 0) ||
      !OSSL_PARAM_BLD_push_octet_string(builder.get(), OSSL_PKEY_PARAM_PUB_KEY, point.data(),
                                        point.size())) {
    return nullptr;
  }
  ParamsHandle params(OSSL_PARAM_BLD_to_param(builder.get()));
  if (!params) return nullptr;
  return public_key_from("EC", params.get());
}

std::string bignum_param(EVP_PKEY* key, const char* name, size_t pad_to = 0) {
  BIGNUM* raw = nullptr;
  if (EVP_PKEY_get_bn_param(key, name, &raw) != 1) return {};
  BignumHandle number(raw);
  const size_t size = std::max<size_t>(pad_to, static_cast<size_t>(BN_num_bytes(raw)));
  std::string bytes(size, '\0');
  BN_bn2binpad(raw, reinterpret_cast<unsigned char*>(bytes.data()), static_cast<int>(size));
  return bytes;
}

}  // namespace

std::string_view algorithm_name(Algorithm algorithm) {
  return algorithm == Algorithm::kEs256 ? "ES256" : "RS256";
}

std::optional<VerificationKey> key_from_jwk(const json::object& jwk) {
  std::optional<std::string> kid = string_member(jwk, "kid");
  std::optional<std::string> type = string_member(jwk, "kty");
  if (!kid || kid->empty() || !type) return std::nullopt;
  if (jwk.contains("use") && string_member(jwk, "use") != "sig") return std::nullopt;
  VerificationKey key;
  key.kid = *kid;
  PkeyHandle pkey;
  if (*type == "RSA") {
    key.algorithm = Algorithm::kRs256;
    pkey = rsa_key(jwk);
  } else if (*type == "EC") {
    key.algorithm = Algorithm::kEs256;
    pkey = p256_key(jwk);
  } else {
    return std::nullopt;
  }
  if (!pkey) return std::nullopt;
  if (jwk.contains("alg") && string_member(jwk, "alg") != algorithm_name(key.algorithm)) {
    return std::nullopt;
  }
  key.key = share(std::move(pkey));
  return key;
}

std::optional<KeyMap> parse_jwks(std::string_view text) {
  boost::system::error_code ec;
  json::value document = json::parse(text, ec);
  if (ec || !document.is_object()) return std::nullopt;
  const json::value* keys = document.get_object().if_contains("keys");
  if (keys == nullptr || !keys->is_array()) return std::nullopt;
  KeyMap map;
  for (const json::value& entry : keys->get_array()) {
    if (!entry.is_object()) continue;
    if (std::optional<VerificationKey> key = key_from_jwk(entry.get_object())) {
      map.emplace(key->kid, std::move(*key));  // the first of duplicate kids wins
    }
  }
  return map;
}

json::object public_jwk(const VerificationKey& key) {
  json::object jwk;
  jwk["kid"] = key.kid;
  jwk["use"] = "sig";
  jwk["alg"] = algorithm_name(key.algorithm);
  if (key.algorithm == Algorithm::kRs256) {
    jwk["kty"] = "RSA";
    jwk["n"] = base64url_encode(bignum_param(key.key.get(), OSSL_PKEY_PARAM_RSA_N));
    jwk["e"] = base64url_encode(bignum_param(key.key.get(), OSSL_PKEY_PARAM_RSA_E));
  } else {
    jwk["kty"] = "EC";
    jwk["crv"] = "P-256";
    jwk["x"] = base64url_encode(
        bignum_param(key.key.get(), OSSL_PKEY_PARAM_EC_PUB_X, kP256CoordinateBytes));
    jwk["y"] = base64url_encode(
        bignum_param(key.key.get(), OSSL_PKEY_PARAM_EC_PUB_Y, kP256CoordinateBytes));
  }
  return jwk;
}

}  // namespace exchange::auth
