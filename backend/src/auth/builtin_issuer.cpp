#include "auth/builtin_issuer.h"

#include <boost/json/array.hpp>

namespace exchange::auth {

BuiltinIssuer::BuiltinIssuer(std::shared_ptr<const SigningKey> key, std::string admin_role)
    : key_(std::move(key)), admin_role_(std::move(admin_role)) {}

IssuedTokens BuiltinIssuer::issue(const BuiltinUser& user) const {
  const int64_t now = unix_now();
  const int64_t lifetime = std::chrono::seconds(kTokenLifetime).count();
  boost::json::object common;
  common["iss"] = kBuiltinIssuer;
  common["aud"] = kBuiltinAudience;
  common["sub"] = user.subject;
  common["iat"] = now;
  common["nbf"] = now;
  common["exp"] = now + lifetime;

  boost::json::object access = common;
  if (user.is_admin) {
    boost::json::object role;
    role["key"] = admin_role_;
    access["roles"] = boost::json::array{role};
  }
  boost::json::object id = common;
  id["name"] = user.name;
  return IssuedTokens{key_->sign(access), key_->sign(id), lifetime};
}

VerifierSettings BuiltinIssuer::verifier_settings() const {
  VerifierSettings settings;
  settings.issuer = kBuiltinIssuer;
  settings.audiences = {kBuiltinAudience};
  settings.admin_role = admin_role_;
  return settings;
}

std::shared_ptr<KeySet> BuiltinIssuer::key_set() const {
  KeyMap keys;
  keys.emplace(key_->public_key().kid, key_->public_key());
  return std::make_shared<KeySet>(std::move(keys));
}

}  // namespace exchange::auth
