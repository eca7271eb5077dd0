#include "auth/user_store.h"

#include <sodium.h>
#include <sqlite3.h>

#include <array>
#include <stdexcept>

#include "text/name_rules.h"

namespace exchange::auth {
namespace {

constexpr const char* kColumns = "id, name, subject, password_hash, is_admin";

BuiltinUser read_user(const store::Statement& row) {
  return BuiltinUser{row.int_at(0), std::string(row.text_at(1)), std::string(row.text_at(2)),
                     std::string(row.text_at(3)), row.int_at(4) != 0};
}

std::optional<BuiltinUser> find_one(AuthDatabase& db, std::string_view column,
                                    std::string_view value) {
  return db.with([&](store::Database& database) -> std::optional<BuiltinUser> {
    store::Statement query =
        database.prepare(std::string("SELECT ") + kColumns + " FROM auth_user WHERE " +
                         std::string(column) + " = ?");
    query.bind(1, value);
    if (!query.step()) return std::nullopt;
    BuiltinUser user = read_user(query);
    query.reset();
    return user;
  });
}

// Compares keys in C++ (SQLite knows no skeletons): a scan of every name, which is fine for
// something as rare (and throttled) as creating a user. People's display names count too: they
// become the user's account names in every cohort.
bool name_key_taken(store::Database& database, const std::string& key) {
  store::Statement names = database.prepare(
      "SELECT name FROM auth_user UNION ALL SELECT display_name FROM global_user");
  while (names.step()) {
    if (text::name_key(names.text_at(0)) == key) {
      names.reset();
      return true;
    }
  }
  return false;
}

}  // namespace

std::string new_builtin_subject() {
  if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialise");
  std::array<unsigned char, 8> random{};
  randombytes_buf(random.data(), random.size());
  std::array<char, 2 * 8 + 1> hex{};
  sodium_bin2hex(hex.data(), hex.size(), random.data(), random.size());
  return "bi_" + std::string(hex.data());
}

std::optional<BuiltinUser> UserStore::add(const std::string& name, const std::string& password_hash,
                                          bool admin) {
  const std::string subject = new_builtin_subject();
  const std::string key = text::name_key(name);
  return db_.with([&](store::Database& database) -> std::optional<BuiltinUser> {
    std::optional<BuiltinUser> added;
    store::in_transaction(database, [&] {
      if (name_key_taken(database, key)) return;
      store::Statement insert = database.prepare(
          "INSERT INTO auth_user (name, subject, password_hash, is_admin, created_at) "
          "VALUES (?, ?, ?, ?, ?)");
      insert.bind(1, name)
          .bind(2, subject)
          .bind(3, password_hash)
          .bind(4, int64_t{admin})
          .bind(5, unix_now())
          .run();
      added = BuiltinUser{sqlite3_last_insert_rowid(database.handle()), name, subject,
                          password_hash, admin};
    });
    return added;
  });
}

bool UserStore::name_taken(const std::string& name) {
  const std::string key = text::name_key(name);
  return db_.with([&](store::Database& database) { return name_key_taken(database, key); });
}

std::optional<BuiltinUser> UserStore::find_by_name(std::string_view name) {
  return find_one(db_, "name", name);
}

std::optional<BuiltinUser> UserStore::find_by_subject(std::string_view subject) {
  return find_one(db_, "subject", subject);
}

bool UserStore::set_admin(std::string_view name, bool admin) {
  return db_.with([&](store::Database& database) {
    store::Statement update = database.prepare("UPDATE auth_user SET is_admin = ? WHERE name = ?");
    update.bind(1, int64_t{admin}).bind(2, name).run();
    return sqlite3_changes(database.handle()) > 0;
  });
}

bool UserStore::has_admin() {
  return db_.with([&](store::Database& database) {
    store::Statement query =
        database.prepare("SELECT EXISTS (SELECT 1 FROM auth_user WHERE is_admin != 0)");
    query.step();
    const bool exists = query.int_at(0) != 0;
    query.reset();
    return exists;
  });
}

std::vector<BuiltinUser> UserStore::list() {
  return db_.with([&](store::Database& database) {
    std::vector<BuiltinUser> users;
    store::Statement query =
        database.prepare(std::string("SELECT ") + kColumns + " FROM auth_user ORDER BY id");
    while (query.step()) users.push_back(read_user(query));
    return users;
  });
}

}  // namespace exchange::auth
