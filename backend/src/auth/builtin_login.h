#pragma once
// Registration and password login of built-in users (POST /api/auth/register and
// /api/auth/login), independent of HTTP: each answer is a status and either tokens or an error
// message, as the routes send them. Hashing is slow on purpose: call from the hashing pool.
//
// Abuse limits, per client address: registrations and login attempts (successful or not) are
// throttled (RequestThrottle), and failed logins block an address for a while (LoginLimiter).
// Nobody becomes admin by registering first: while no built-in user is admin, a registration
// carrying the server's one-time setup code creates the admin (SetupCode).

#include <memory>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "auth/builtin_issuer.h"
#include "auth/login_limiter.h"
#include "auth/password_hash.h"
#include "auth/password_policy.h"
#include "auth/request_throttle.h"
#include "auth/setup_code.h"
#include "auth/user_store.h"

namespace exchange::auth {

struct LoginAnswer {
  int status = 200;                    // HTTP status
  std::optional<IssuedTokens> tokens;  // when 200
  std::string error;                   // otherwise
  int retry_after_seconds = 0;         // with 429 from a throttle: for a Retry-After header
};

struct BuiltinLoginSettings {
  PasswordCost cost = PasswordCost::kOwasp;
  bool registration_open = true;
  // Per client address. Off (`throttled` false) only with --rate-limits off.
  bool throttled = true;
  RequestThrottle::Limits registrations{30, std::chrono::seconds(10)};
  RequestThrottle::Limits login_attempts{60, std::chrono::seconds(1)};
  // The instructor setup code as configured (--setup-code); empty for a random one.
  std::string setup_code;
  // Called after each successful registration (on the registering thread).
  std::function<void(const BuiltinUser&)> on_registered;
};

class BuiltinLogin {
 public:
  // Throws std::invalid_argument for a configured setup code that is too short.
  BuiltinLogin(UserStore& users, const BuiltinIssuer& issuer, LoginLimiter& limiter,
               BuiltinLoginSettings settings);

  // 200 with tokens; 429 while `address` registers too often; 403 "Registration is closed" or
  // "Invalid setup code" (nothing is created); 400 for an invalid name or password; 409 "Name
  // already taken". With the right `setup_code` while no admin exists, the user is admin and
  // the code is spent.
  LoginAnswer register_user(std::string_view name, std::string_view password,
                            const std::string& address, std::string_view setup_code = {});
  // 200 with tokens; 429 while `address` is limited; 401 "Invalid name or password" for a
  // wrong password and an unknown name alike (the same work is done for both).
  LoginAnswer login(std::string_view name, std::string_view password, const std::string& address);

  bool registration_open() const { return settings_.registration_open; }
  // The pending setup code: none once a built-in user is admin (however that happened).
  std::optional<std::string> setup_code() const;

 private:
  // Whether a setup code was given and is wrong or no longer usable.
  bool setup_code_refused(std::string_view given) const;

  UserStore& users_;
  const BuiltinIssuer& issuer_;
  LoginLimiter& limiter_;
  BuiltinLoginSettings settings_;
  RequestThrottle registrations_;
  RequestThrottle login_attempts_;
  std::unique_ptr<SetupCode> setup_;  // null when an admin existed at start
};

}  // namespace exchange::auth
