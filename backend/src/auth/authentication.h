#pragma once
// Everything auth/ contributes to a running server, built from the options: the login mode
// (OIDC when an issuer is configured, else built-in), the one verification path for WebSocket
// logins and bearer tokens, and what app/ wires into HTTP routes (app/auth_routes.h). Built
// after the database is migrated; must outlive the server whose routes use it.

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "auth/authenticator.h"
#include "auth/login_limiter.h"
#include "auth/password_hash.h"
#include "auth/request_throttle.h"
#include "client_message.pb.h"
#include "messaging/inbound.h"

namespace exchange::auth {

struct AuthOptions {
  std::string data_dir;       // holds, in built-in mode, the signing key
  std::string database_path;  // the global database, which holds the auth tables
  // OIDC mode when non-empty.
  std::string oidc_issuer;
  std::vector<std::string> oidc_audiences;  // required with an issuer; the first is published
  std::string oidc_client_id;               // published; also accepted as id tokens' audience
  std::string admin_role = "admin";
  // Identities (machine-to-machine client ids) whose real tokens are admin, on the WebSocket
  // and HTTP (KINDE_ADMIN_M2M_CLIENT_IDS, cohorts.md 3.1).
  std::vector<std::string> admin_m2m_client_ids;
  // The identity whose WebSocket logins are named "Arbor Pixie" and claim the seeded account
  // of that name (ARBOR_PIXIE_M2M_CLIENT_ID, cohorts.md 3.1, 3.5 step 4); empty: none.
  std::string arbor_pixie_client_id;
  bool registration_open = true;
  PasswordCost password_cost = PasswordCost::kOwasp;
  bool accept_test_tokens = false;
  // Peers (IP addresses) whose X-Forwarded-For names the client: the reverse proxy.
  std::vector<std::string> trusted_proxies;
  LoginLimiter::Limits login_limits;
  // Per-address registration and login-attempt throttles (built-in mode).
  bool throttle_logins = true;
  RequestThrottle::Limits registration_limits{30, std::chrono::seconds(10)};
  RequestThrottle::Limits login_attempt_limits{60, std::chrono::seconds(1)};
  // The one-time instructor setup code; empty for a random one (built-in mode).
  std::string setup_code;
  // Called with each built-in user registered while the server runs (from a worker thread), so
  // that the exchange can open the user's account before its first connection.
  std::function<void(messaging::Identity)> on_user_registered;
};

class AuthDatabase;
class BotTokens;
class BuiltinIssuer;
class BuiltinLogin;
class SigningKey;
class UserStore;

class Authentication {
 public:
  // Throws std::runtime_error on bad options (OIDC without audience) or an unusable key file.
  explicit Authentication(AuthOptions options);
  ~Authentication();

  bool oidc() const { return !options_.oidc_issuer.empty(); }

  // The identity an Authenticate message proves (protocol.md section 6), or nullopt: refused
  // with kLoginFailed. The Arbor Pixie identity gets that name and claims_seeded_account.
  // Thread-safe.
  std::optional<messaging::Identity> verify_login(const websocket_api::Authenticate& request) const;
  // Thread-safe: the user an HTTP bearer access token names (as the auth routes accept it), or
  // nullopt. For routes outside auth/, such as image uploads.
  std::optional<messaging::Identity> verify_bearer(std::string_view access_token) const;
  // verify_bearer with an X-ID-Token (cohorts.md 7.3): when `id_token` is non-empty and valid
  // for the bearer, its name and e-mail (even an absent one) replace the identity's; an invalid
  // one is logged and ignored, leaving the access token's e-mail.
  std::optional<messaging::Identity> verify_bearer(std::string_view access_token,
                                                std::string_view id_token) const;
  // What app/ wires into HTTP routes. The built-in login and its signing key exist in built-in
  // mode only (nullptr in OIDC mode).
  BuiltinLogin* builtin_login() { return builtin_login_.get(); }
  const SigningKey* signing_key() const { return signing_key_.get(); }
  const Authenticator& authenticator() const { return *authenticator_; }
  BotTokens& bot_tokens() { return *bot_tokens_; }
  const std::vector<std::string>& trusted_proxies() const { return options_.trusted_proxies; }
  // The body of GET /api/config.
  std::string config_json() const;
  // Built-in mode while no built-in user is admin: the one-time code that registers the
  // instructor (for the console). nullopt otherwise.
  std::optional<std::string> setup_code() const;
  // Every built-in user as a login identity (empty in OIDC mode): at start-up the exchange
  // opens the accounts of users added while it was stopped (`exchange user add`).
  std::vector<messaging::Identity> builtin_identities() const;

 private:
  AuthOptions options_;
  std::unique_ptr<AuthDatabase> db_;
  std::unique_ptr<UserStore> users_;
  std::unique_ptr<BotTokens> bot_tokens_;
  std::shared_ptr<const SigningKey> signing_key_;  // built-in mode
  std::unique_ptr<BuiltinIssuer> issuer_;          // built-in mode
  std::unique_ptr<LoginLimiter> limiter_;          // built-in mode
  std::unique_ptr<BuiltinLogin> builtin_login_;    // built-in mode
  std::unique_ptr<Authenticator> authenticator_;
};

// Splits a comma-separated list, trimming spaces and dropping empty entries.
std::vector<std::string> split_list(const std::string& text);

}  // namespace exchange::auth
