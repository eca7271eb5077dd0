#pragma once
// Built-in users in the auth_user table. Names are unique across built-in users and every
// exchange account (accounts also come from other logins and CreateAccount).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "auth/auth_database.h"

namespace exchange::auth {

struct BuiltinUser {
  int64_t id = 0;
  std::string name;
  std::string subject;  // "bi_" + 16 hex digits, random, never changes
  std::string password_hash;
  bool is_admin = false;
};

class UserStore {
 public:
  explicit UserStore(AuthDatabase& db) : db_(db) {}

  // Adds a user named `name` (already checked by check_account_name) with a fresh subject.
  // The user is admin if `admin` or if it is the first built-in user. nullopt when the name is
  // taken by a user or an account. Throws StoreError.
  std::optional<BuiltinUser> add(const std::string& name, const std::string& password_hash,
                                 bool admin);
  std::optional<BuiltinUser> find_by_name(std::string_view name);
  std::optional<BuiltinUser> find_by_subject(std::string_view subject);
  // False when there is no such user.
  bool set_admin(std::string_view name, bool admin);
  std::vector<BuiltinUser> list();

 private:
  AuthDatabase& db_;
};

// A new random subject for a built-in user.
std::string new_builtin_subject();

}  // namespace exchange::auth
