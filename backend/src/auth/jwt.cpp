#include "auth/jwt.h"

#include <openssl/ecdsa.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <stdexcept>

#include "auth/base64url.h"

namespace exchange::auth {
namespace {

namespace json = boost::json;

constexpr size_t kEs256CoordinateBytes = 32;

std::optional<json::object> decode_object(std::string_view part) {
  std::optional<std::string> text = base64url_decode(part);
  if (!text) return std::nullopt;
  boost::system::error_code ec;
  json::value value = json::parse(*text, ec);
  if (ec || !value.is_object()) return std::nullopt;
  return std::move(value.get_object());
}

const unsigned char* bytes_of(std::string_view text) {
  return reinterpret_cast<const unsigned char*>(text.data());
}

// r||s (RFC 7518) -> DER ECDSA-Sig-Value (what OpenSSL verifies); empty when malformed.
std::string es256_der(std::string_view raw) {
  if (raw.size() != 2 * kEs256CoordinateBytes) return {};
  ECDSA_SIG* sig = ECDSA_SIG_new();
  BIGNUM* r = BN_bin2bn(bytes_of(raw), kEs256CoordinateBytes, nullptr);
  BIGNUM* s = BN_bin2bn(bytes_of(raw) + kEs256CoordinateBytes, kEs256CoordinateBytes, nullptr);
  if (sig == nullptr || r == nullptr || s == nullptr || ECDSA_SIG_set0(sig, r, s) != 1) {
    BN_free(r);
    BN_free(s);
    ECDSA_SIG_free(sig);
    return {};
  }
  unsigned char* der = nullptr;
  const int length = i2d_ECDSA_SIG(sig, &der);
  ECDSA_SIG_free(sig);
  if (length <= 0) return {};
  std::string result(reinterpret_cast<char*>(der), static_cast<size_t>(length));
  OPENSSL_free(der);
  return result;
}

// DER ECDSA-Sig-Value -> r||s; empty when malformed.
std::string es256_raw(std::string_view der) {
  const unsigned char* cursor = bytes_of(der);
  ECDSA_SIG* sig = d2i_ECDSA_SIG(nullptr, &cursor, static_cast<long>(der.size()));
  if (sig == nullptr) return {};
  std::string raw(2 * kEs256CoordinateBytes, '\0');
  auto* out = reinterpret_cast<unsigned char*>(raw.data());
  const bool ok =
      BN_bn2binpad(ECDSA_SIG_get0_r(sig), out, kEs256CoordinateBytes) > 0 &&
      BN_bn2binpad(ECDSA_SIG_get0_s(sig), out + kEs256CoordinateBytes, kEs256CoordinateBytes) > 0;
  ECDSA_SIG_free(sig);
  return ok ? raw : std::string();
}

}  // namespace

std::optional<Jwt> parse_jwt(std::string_view token) {
  if (token.size() > kMaxTokenBytes) return std::nullopt;
  const size_t first = token.find('.');
  if (first == std::string_view::npos) return std::nullopt;
  const size_t second = token.find('.', first + 1);
  if (second == std::string_view::npos || token.find('.', second + 1) != std::string_view::npos) {
    return std::nullopt;
  }
  std::optional<json::object> header = decode_object(token.substr(0, first));
  std::optional<json::object> claims = decode_object(token.substr(first + 1, second - first - 1));
  std::optional<std::string> signature = base64url_decode(token.substr(second + 1));
  if (!header || !claims || !signature) return std::nullopt;
  return Jwt{std::move(*header), std::move(*claims), std::string(token.substr(0, second)),
             std::move(*signature)};
}

bool verify_signature(const VerificationKey& key, std::string_view signing_input,
                      std::string_view signature) {
  std::string der;
  if (key.algorithm == Algorithm::kEs256) {
    der = es256_der(signature);
    if (der.empty()) return false;
    signature = der;
  }
  DigestContextHandle context(EVP_MD_CTX_new());
  if (!context || EVP_DigestVerifyInit_ex(context.get(), nullptr, "SHA256", nullptr, nullptr,
                                          key.key.get(), nullptr) != 1) {
    return false;
  }
  // RS256 is RSASSA-PKCS1-v1_5, the default padding of an RSA key.
  return EVP_DigestVerify(context.get(), bytes_of(signature), signature.size(),
                          bytes_of(signing_input), signing_input.size()) == 1;
}

std::string sign_jwt(EVP_PKEY* private_key, Algorithm algorithm, std::string_view kid,
                     const json::object& claims) {
  json::object header;
  header["alg"] = algorithm_name(algorithm);
  header["typ"] = "JWT";
  header["kid"] = kid;
  const std::string input =
      base64url_encode(json::serialize(header)) + "." + base64url_encode(json::serialize(claims));
  DigestContextHandle context(EVP_MD_CTX_new());
  size_t length = 0;
  if (!context ||
      EVP_DigestSignInit_ex(context.get(), nullptr, "SHA256", nullptr, nullptr, private_key,
                            nullptr) != 1 ||
      EVP_DigestSign(context.get(), nullptr, &length, bytes_of(input), input.size()) != 1) {
    throw std::runtime_error("token signing failed");
  }
  std::string signature(length, '\0');
  if (EVP_DigestSign(context.get(), reinterpret_cast<unsigned char*>(signature.data()), &length,
                     bytes_of(input), input.size()) != 1) {
    throw std::runtime_error("token signing failed");
  }
  signature.resize(length);
  if (algorithm == Algorithm::kEs256) {
    signature = es256_raw(signature);
    if (signature.empty()) throw std::runtime_error("token signing failed");
  }
  return input + "." + base64url_encode(signature);
}

}  // namespace exchange::auth
