#include "auth/authentication.h"

#include <spdlog/spdlog.h>

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <filesystem>
#include <stdexcept>

#include "auth/auth_database.h"
#include "auth/bot_tokens.h"
#include "auth/builtin_issuer.h"
#include "auth/builtin_login.h"
#include "auth/signing_key.h"
#include "auth/user_store.h"

namespace exchange::auth {

std::vector<std::string> split_list(const std::string& text) {
  std::vector<std::string> items;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find(',', start);
    if (end == std::string::npos) end = text.size();
    std::string item = text.substr(start, end - start);
    const size_t first = item.find_first_not_of(" \t");
    const size_t last = item.find_last_not_of(" \t");
    if (first != std::string::npos) items.push_back(item.substr(first, last - first + 1));
    start = end + 1;
  }
  return items;
}

Authentication::Authentication(AuthOptions options) : options_(std::move(options)) {
  const std::filesystem::path data_dir(options_.data_dir);
  db_ = std::make_unique<AuthDatabase>(options_.database_path);
  users_ = std::make_unique<UserStore>(*db_);
  bot_tokens_ = std::make_unique<BotTokens>(*db_);
  std::shared_ptr<const TokenVerifier> verifier;
  if (oidc()) {
    if (options_.oidc_audiences.empty()) {
      throw std::runtime_error("--oidc-audience is required with --oidc-issuer");
    }
    VerifierSettings settings;
    settings.issuer = options_.oidc_issuer;
    settings.audiences = options_.oidc_audiences;
    if (!options_.oidc_client_id.empty()) settings.id_token_audiences = {options_.oidc_client_id};
    settings.admin_role = options_.admin_role;
    verifier = std::make_shared<TokenVerifier>(
        settings, std::make_shared<KeySet>(jwks_fetch_for_issuer(options_.oidc_issuer)));
    spdlog::info("auth: OIDC login with issuer {}", options_.oidc_issuer);
  } else {
    signing_key_ =
        std::make_shared<const SigningKey>(SigningKey::load_or_create(data_dir / kSigningKeyFile));
    issuer_ = std::make_unique<BuiltinIssuer>(signing_key_, options_.admin_role);
    limiter_ = std::make_unique<LoginLimiter>(options_.login_limits);
    BuiltinLoginSettings settings;
    settings.cost = options_.password_cost;
    settings.registration_open = options_.registration_open;
    settings.throttled = options_.throttle_logins;
    settings.registrations = options_.registration_limits;
    settings.login_attempts = options_.login_attempt_limits;
    settings.setup_code = options_.setup_code;
    if (options_.on_user_registered) {
      settings.on_registered = [callback = options_.on_user_registered](const BuiltinUser& user) {
        messaging::Identity identity;
        identity.subject = user.subject;
        identity.name = user.name;
        identity.is_admin = user.is_admin;
        callback(identity);
      };
    }
    builtin_login_ = std::make_unique<BuiltinLogin>(*users_, *issuer_, *limiter_, settings);
    verifier = std::make_shared<TokenVerifier>(issuer_->verifier_settings(), issuer_->key_set());
    spdlog::info("auth: built-in login, registration {}",
                 options_.registration_open ? "open" : "closed");
  }
  authenticator_ = std::make_unique<Authenticator>(
      verifier, bot_tokens_.get(), options_.accept_test_tokens, options_.admin_m2m_client_ids);
  if (!options_.admin_m2m_client_ids.empty()) {
    spdlog::info("auth: admin machine-to-machine clients: {}", options_.admin_m2m_client_ids.size());
  }
}

Authentication::~Authentication() = default;

std::optional<messaging::Identity> Authentication::verify_bearer(std::string_view access_token) const {
  try {
    return authenticator_->verify_bearer(access_token);
  } catch (const std::exception& e) {  // e.g. the database is busy: not logged in
    spdlog::warn("auth: bearer verification failed: {}", e.what());
    return std::nullopt;
  }
}

std::optional<messaging::Identity> Authentication::verify_bearer(std::string_view access_token,
                                                              std::string_view id_token) const {
  std::optional<messaging::Identity> identity = verify_bearer(access_token);
  if (!identity || id_token.empty()) return identity;
  try {
    if (std::optional<IdTokenClaims> id =
            authenticator_->verify_id_token(access_token, id_token, *identity)) {
      identity->name = std::move(id->name);
      identity->email = std::move(id->email);
      return identity;
    }
    spdlog::info("auth: ignoring an X-ID-Token that is not valid for {}", identity->subject);
  } catch (const std::exception& e) {  // e.g. the key set could not be fetched: as invalid
    spdlog::warn("auth: X-ID-Token verification failed: {}", e.what());
  }
  return identity;
}

std::vector<messaging::Identity> Authentication::builtin_identities() const {
  std::vector<messaging::Identity> identities;
  if (!builtin_login_) return identities;
  for (const BuiltinUser& user : users_->list()) {
    messaging::Identity& identity = identities.emplace_back();
    identity.subject = user.subject;
    identity.name = user.name;
    identity.is_admin = user.is_admin;
  }
  return identities;
}

std::optional<messaging::Identity> Authentication::verify_login(const websocket_api::Authenticate& request) const {
  try {
    if (auto identity = authenticator_->verify_login(request.jwt(), request.id_jwt())) {
      // A built-in access token alone is enough: the name of a first login comes from the
      // user table rather than from an id token (issue 19).
      if (identity->name.empty() && builtin_login_) {
        if (std::optional<BuiltinUser> user = users_->find_by_subject(identity->subject)) {
          identity->name = user->name;
        }
      }
      if (!options_.arbor_pixie_client_id.empty() &&
          identity->subject == options_.arbor_pixie_client_id) {
        // The M2M client that acts for the seeded account: the global user it creates is
        // named after that account, which the exchange then lets it claim (cohorts.md 3.5).
        identity->name = "Arbor Pixie";
        identity->claims_seeded_account = true;
      }
      return identity;
    }
  } catch (const std::exception& e) {  // e.g. the database is busy: still the protocol's answer
    spdlog::warn("auth: login verification failed: {}", e.what());
  }
  return std::nullopt;
}

std::string Authentication::config_json() const {
  boost::json::object config;
  if (oidc()) {
    config["auth"] = "oidc";
    config["issuer"] = options_.oidc_issuer;
    config["client_id"] = options_.oidc_client_id;
    config["audience"] = options_.oidc_audiences.front();
  } else {
    config["auth"] = "builtin";
    config["registration"] = options_.registration_open ? "open" : "closed";
    config["setup_required"] = setup_code().has_value();
  }
  return boost::json::serialize(config);
}

std::optional<std::string> Authentication::setup_code() const {
  if (!builtin_login_) return std::nullopt;
  return builtin_login_->setup_code();
}

}  // namespace exchange::auth
