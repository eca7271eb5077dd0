#include "auth/token_verifier.h"

#include <algorithm>
#include <boost/json/value.hpp>
#include <cmath>

#include "auth/jwt.h"

namespace exchange::auth {
namespace {

namespace json = boost::json;

std::optional<std::string> string_claim(const json::object& claims, std::string_view name) {
  const json::value* value = claims.if_contains(name);
  if (value == nullptr || !value->is_string()) return std::nullopt;
  return std::string(value->get_string());
}

std::string trimmed(const std::string& text) {
  const size_t first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return "";
  return text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
}

// A NumericDate (seconds since the epoch; RFC 7519 allows fractions).
std::optional<double> time_claim(const json::object& claims, std::string_view name) {
  const json::value* value = claims.if_contains(name);
  if (value == nullptr) return std::nullopt;
  if (value->is_int64()) return static_cast<double>(value->get_int64());
  if (value->is_uint64()) return static_cast<double>(value->get_uint64());
  if (value->is_double() && std::isfinite(value->get_double())) return value->get_double();
  return std::nullopt;
}

bool contains(const std::vector<std::string>& list, std::string_view value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

}  // namespace

TokenVerifier::TokenVerifier(VerifierSettings settings, std::shared_ptr<KeySet> keys, Clock clock)
    : settings_(std::move(settings)), keys_(std::move(keys)), clock_(std::move(clock)) {}

bool TokenVerifier::audience_accepted(const json::value* audience, bool id_token) const {
  auto accepted = [&](const json::value& value) {
    if (!value.is_string()) return false;
    std::string_view text = value.get_string();
    return contains(settings_.audiences, text) ||
           (id_token && contains(settings_.id_token_audiences, text));
  };
  if (audience == nullptr) return false;
  if (audience->is_array()) {
    const json::array& list = audience->get_array();
    return std::any_of(list.begin(), list.end(), accepted);
  }
  return accepted(*audience);
}

bool TokenVerifier::times_valid(const json::object& claims) const {
  const double now = std::chrono::duration<double>(clock_().time_since_epoch()).count();
  const double leeway = static_cast<double>(settings_.leeway.count());
  std::optional<double> expires = time_claim(claims, "exp");
  if (!expires || *expires + leeway < now) return false;
  if (claims.contains("nbf")) {
    std::optional<double> not_before = time_claim(claims, "nbf");
    if (!not_before || *not_before - leeway > now) return false;
  }
  return true;
}

std::optional<json::object> TokenVerifier::verify(std::string_view token, bool id_token) const {
  std::optional<Jwt> jwt = parse_jwt(token);
  if (!jwt) return std::nullopt;
  std::optional<std::string> kid = string_claim(jwt->header, "kid");
  std::optional<std::string> alg = string_claim(jwt->header, "alg");
  if (!kid || !alg) return std::nullopt;
  // Tokens that say "none" or an HMAC algorithm never reach the key set (no fetch for them).
  if (*alg != "RS256" && *alg != "ES256") return std::nullopt;
  std::optional<VerificationKey> key = keys_->find(*kid);
  if (!key || *alg != algorithm_name(key->algorithm)) return std::nullopt;
  if (!verify_signature(*key, jwt->signing_input, jwt->signature)) return std::nullopt;
  if (!times_valid(jwt->claims)) return std::nullopt;
  if (string_claim(jwt->claims, "iss") != settings_.issuer) return std::nullopt;
  if (!audience_accepted(jwt->claims.if_contains("aud"), id_token)) return std::nullopt;
  return std::move(jwt->claims);
}

std::optional<messaging::Identity> TokenVerifier::verify_access(std::string_view access_token,
                                                             bool read_email) const {
  std::optional<json::object> access = verify(access_token, /*id_token=*/false);
  if (!access) return std::nullopt;
  messaging::Identity identity;
  std::optional<std::string> subject = string_claim(*access, "sub");
  // Kinde machine-to-machine tokens have no `sub`: the client id in `azp` names the caller.
  if (!subject || subject->empty()) subject = string_claim(*access, "azp");
  if (!subject || subject->empty()) return std::nullopt;
  identity.subject = std::move(*subject);
  if (const json::value* roles = access->if_contains("roles")) {
    if (!roles->is_array()) return std::nullopt;
    for (const json::value& role : roles->get_array()) {
      if (!role.is_object()) return std::nullopt;
      std::optional<std::string> key = string_claim(role.get_object(), "key");
      if (!key) return std::nullopt;
      if (*key == settings_.admin_role) {
        identity.is_admin = true;
      } else if (*key != "admin" && *key != "trader") {
        return std::nullopt;
      }
    }
  }
  if (read_email) identity.email = string_claim(*access, "email");
  return identity;
}

std::optional<IdTokenClaims> TokenVerifier::verify_id_token(std::string_view id_token,
                                                            std::string_view subject) const {
  std::optional<json::object> id = verify(id_token, /*id_token=*/true);
  if (!id) return std::nullopt;
  std::optional<std::string> id_subject = string_claim(*id, "sub");
  if (!id_subject || *id_subject != subject) return std::nullopt;
  IdTokenClaims claims;
  // cohorts.md 3.1: the name is optional: "name", else given and family names.
  claims.name = trimmed(string_claim(*id, "name").value_or(""));
  if (claims.name.empty()) {
    const std::string given = trimmed(string_claim(*id, "given_name").value_or(""));
    const std::string family = trimmed(string_claim(*id, "family_name").value_or(""));
    claims.name = given.empty() || family.empty() ? given + family : given + " " + family;
  }
  claims.email = string_claim(*id, "email");
  return claims;
}

std::optional<messaging::Identity> TokenVerifier::verify_login(std::string_view access_token,
                                                            std::string_view id_token) const {
  std::optional<messaging::Identity> identity = verify_access(access_token);
  if (!identity || id_token.empty()) return identity;
  std::optional<IdTokenClaims> id = verify_id_token(id_token, identity->subject);
  if (!id) return std::nullopt;
  identity->name = std::move(id->name);
  identity->email = std::move(id->email);
  return identity;
}

}  // namespace exchange::auth
