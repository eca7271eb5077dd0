#include "auth/builtin_login.h"

#include <spdlog/spdlog.h>

#include "auth/account_name.h"

namespace exchange::auth {
namespace {

constexpr const char* kInvalidCredentials = "Invalid name or password";

LoginAnswer refused(int status, std::string error) {
  return {status, std::nullopt, std::move(error)};
}

}  // namespace

std::string check_password(std::string_view password) {
  if (password.size() > kMaxPasswordBytes) return "Password must be at most 1024 bytes";
  const size_t length = utf8_length(password);
  if (length == std::string_view::npos) return "Password must be valid UTF-8";
  if (length < kMinPasswordChars) return "Password must be at least 8 characters";
  return {};
}

BuiltinLogin::BuiltinLogin(UserStore& users, const BuiltinIssuer& issuer, LoginLimiter& limiter,
                           PasswordCost cost, bool registration_open)
    : users_(users),
      issuer_(issuer),
      limiter_(limiter),
      cost_(cost),
      registration_open_(registration_open) {}

LoginAnswer BuiltinLogin::register_user(std::string_view raw_name, std::string_view password) {
  if (!registration_open_) return refused(403, "Registration is closed");
  NameCheck name = check_account_name(raw_name);
  if (!name.error.empty()) return refused(400, name.error);
  if (std::string problem = check_password(password); !problem.empty()) {
    return refused(400, problem);
  }
  // Cheap early answer; add() decides for real, atomically.
  if (users_.find_by_name(name.name)) return refused(409, "Name already taken");
  std::optional<BuiltinUser> user = users_.add(name.name, hash_password(password, cost_), false);
  if (!user) return refused(409, "Name already taken");
  spdlog::info("auth: registered built-in user '{}'{}", user->name,
               user->is_admin ? " (admin)" : "");
  return {200, issuer_.issue(*user), {}};
}

LoginAnswer BuiltinLogin::login(std::string_view raw_name, std::string_view password,
                                const std::string& address) {
  if (limiter_.blocked(address)) return refused(429, "Too many failed logins; try again later");
  NameCheck name = check_account_name(raw_name);
  std::optional<BuiltinUser> user;
  if (name.error.empty() && password.size() <= kMaxPasswordBytes)
    user = users_.find_by_name(name.name);
  // Unknown names are checked against a decoy hash so that they take as long as known ones.
  const bool valid =
      verify_password(user ? user->password_hash : decoy_hash(cost_), password) && user;
  if (!valid) {
    limiter_.record_failure(address);
    return refused(401, kInvalidCredentials);
  }
  return {200, issuer_.issue(*user), {}};
}

}  // namespace exchange::auth
