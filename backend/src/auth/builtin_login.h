#pragma once
// Registration and password login of built-in users (POST /api/auth/register and
// /api/auth/login), independent of HTTP: each answer is a status and either tokens or an error
// message, as the routes send them. Hashing is slow on purpose: call from a worker thread.

#include <optional>
#include <string>
#include <string_view>

#include "auth/builtin_issuer.h"
#include "auth/login_limiter.h"
#include "auth/password_hash.h"
#include "auth/user_store.h"

namespace exchange::auth {

constexpr size_t kMinPasswordChars = 8;
constexpr size_t kMaxPasswordBytes = 1024;

struct LoginAnswer {
  int status = 200;                    // HTTP status
  std::optional<IssuedTokens> tokens;  // when 200
  std::string error;                   // otherwise
};

class BuiltinLogin {
 public:
  BuiltinLogin(UserStore& users, const BuiltinIssuer& issuer, LoginLimiter& limiter,
               PasswordCost cost, bool registration_open);

  // 200 with tokens; 403 "Registration is closed"; 400 for an invalid name or password; 409
  // "Name already taken". The first built-in user becomes admin.
  LoginAnswer register_user(std::string_view name, std::string_view password);
  // 200 with tokens; 429 while `address` is limited; 401 "Invalid name or password" for a
  // wrong password and an unknown name alike (the same work is done for both).
  LoginAnswer login(std::string_view name, std::string_view password, const std::string& address);

  bool registration_open() const { return registration_open_; }

 private:
  UserStore& users_;
  const BuiltinIssuer& issuer_;
  LoginLimiter& limiter_;
  PasswordCost cost_;
  bool registration_open_;
};

// The message for an unacceptable new password, or empty.
std::string check_password(std::string_view password);

}  // namespace exchange::auth
