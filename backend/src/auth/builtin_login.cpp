#include "auth/builtin_login.h"

#include <spdlog/spdlog.h>

#include "auth/account_name.h"

namespace exchange::auth {
namespace {

constexpr const char* kInvalidCredentials = "Invalid name or password";
constexpr const char* kInvalidSetupCode = "Invalid setup code";

LoginAnswer refused(int status, std::string error) {
  return {status, std::nullopt, std::move(error), 0};
}

LoginAnswer too_many(std::chrono::seconds retry_after, const char* what) {
  return {429, std::nullopt,
          std::string("Too many ") + what + " from your address; try again in " +
              std::to_string(retry_after.count()) + " s",
          static_cast<int>(retry_after.count())};
}

}  // namespace

BuiltinLogin::BuiltinLogin(UserStore& users, const BuiltinIssuer& issuer, LoginLimiter& limiter,
                           BuiltinLoginSettings settings)
    : users_(users),
      issuer_(issuer),
      limiter_(limiter),
      settings_(std::move(settings)),
      registrations_(settings_.registrations),
      login_attempts_(settings_.login_attempts) {
  if (!users_.has_admin()) setup_ = std::make_unique<SetupCode>(settings_.setup_code);
}

std::optional<std::string> BuiltinLogin::setup_code() const {
  if (!setup_) return std::nullopt;
  std::optional<std::string> code = setup_->pending();
  // `exchange user add --admin` (another process) also ends the setup phase.
  if (code && users_.has_admin()) return std::nullopt;
  return code;
}

bool BuiltinLogin::setup_code_refused(std::string_view given) const {
  return !setup_ || !setup_->matches(given) || users_.has_admin();
}

LoginAnswer BuiltinLogin::register_user(std::string_view raw_name, std::string_view password,
                                        const std::string& address, std::string_view setup_code) {
  if (settings_.throttled) {
    if (auto wait = registrations_.take(address)) return too_many(*wait, "registrations");
  }
  const bool with_code = !setup_code.empty();
  if (with_code) {
    // Checked even with registration closed: it is how the instructor gets in. Wrong codes
    // count as failed logins, so guessing one is as slow as guessing a password.
    if (limiter_.blocked(address)) return refused(429, "Too many failed attempts; try again later");
    if (setup_code_refused(setup_code)) {
      limiter_.record_failure(address);
      return refused(403, kInvalidSetupCode);
    }
  } else if (!settings_.registration_open) {
    return refused(403, "Registration is closed");
  }
  NameCheck name = check_account_name(raw_name);
  if (!name.error.empty()) return refused(400, name.error);
  if (std::string problem = check_new_password(password, name.name); !problem.empty()) {
    return refused(400, problem);
  }
  // Cheap early answer before the expensive hash; add() decides for real, atomically.
  if (users_.name_taken(name.name)) return refused(409, "Name already taken");
  const std::string hash = hash_password(password, settings_.cost);
  std::optional<BuiltinUser> user;
  if (with_code) {
    // Check, create and spend as one step, so one code makes one admin.
    std::lock_guard claim(setup_->claim_mutex());
    if (setup_code_refused(setup_code)) return refused(403, kInvalidSetupCode);
    user = users_.add(name.name, hash, /*admin=*/true);
    if (user) setup_->spend();
  } else {
    user = users_.add(name.name, hash, /*admin=*/false);
  }
  if (!user) return refused(409, "Name already taken");
  spdlog::info("auth: registered built-in user '{}'{}", user->name,
               user->is_admin ? " (admin, with the setup code)" : "");
  if (settings_.on_registered) settings_.on_registered(*user);
  return {200, issuer_.issue(*user), {}, 0};
}

LoginAnswer BuiltinLogin::login(std::string_view raw_name, std::string_view password,
                                const std::string& address) {
  if (settings_.throttled) {
    if (auto wait = login_attempts_.take(address)) return too_many(*wait, "login attempts");
  }
  if (limiter_.blocked(address)) return refused(429, "Too many failed logins; try again later");
  NameCheck name = check_account_name(raw_name);
  std::optional<BuiltinUser> user;
  if (name.error.empty() && password.size() <= kMaxPasswordBytes)
    user = users_.find_by_name(name.name);
  // Unknown names are checked against a decoy hash so that they take as long as known ones.
  const bool valid =
      verify_password(user ? user->password_hash : decoy_hash(settings_.cost), password) && user;
  if (!valid) {
    limiter_.record_failure(address);
    return refused(401, kInvalidCredentials);
  }
  return {200, issuer_.issue(*user), {}, 0};
}

}  // namespace exchange::auth
