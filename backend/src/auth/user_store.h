#pragma once
// Built-in users in the auth_user table. Names are unique across built-in users and every
// exchange account (accounts also come from other logins and CreateAccount), compared by
// text::name_key: no two differ only in case or by look-alike letters.

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

  // Adds a user named `name` (already checked by check_account_name) with a fresh subject,
  // admin iff `admin`. nullopt when a user or an account has a name with the same name_key.
  // Throws StoreError.
  std::optional<BuiltinUser> add(const std::string& name, const std::string& password_hash,
                                 bool admin);
  // True iff a user or an account has a name with the same name_key as `name`.
  bool name_taken(const std::string& name);
  std::optional<BuiltinUser> find_by_name(std::string_view name);
  std::optional<BuiltinUser> find_by_subject(std::string_view subject);
  // False when there is no such user.
  bool set_admin(std::string_view name, bool admin);
  std::vector<BuiltinUser> list();
  // True iff some built-in user is admin.
  bool has_admin();

 private:
  AuthDatabase& db_;
};

// A new random subject for a built-in user.
std::string new_builtin_subject();

}  // namespace exchange::auth
