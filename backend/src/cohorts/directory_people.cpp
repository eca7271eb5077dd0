// The people (global users) of the Directory: resolution at login (cohorts.md 3.2), admin
// grants and names.
#include <random>

#include "cohorts/directory.h"
#include "cohorts/directory_rows.h"

namespace exchange::cohorts {
namespace {

constexpr std::string_view kPersonColumns =
    "SELECT id, subject, display_name, email, admin_grant, is_provider_admin FROM global_user ";
constexpr std::string_view kPlaceholderPrefix = "Unnamed-";

GlobalUser person_from(const store::Statement& row) {
  return GlobalUser{row.int_at(0),           std::string(row.text_at(1)),
                    std::string(row.text_at(2)), optional_text(row, 3),
                    row.int_at(4) != 0,      row.int_at(5) != 0};
}

std::optional<GlobalUser> find_person(store::Database& db, std::string_view where,
                                      auto&& bind) {
  store::Statement row = db.prepare(std::string(kPersonColumns) + std::string(where));
  bind(row);
  if (!row.step()) return std::nullopt;
  GlobalUser found = person_from(row);
  row.reset();
  return found;
}

// "Unnamed-" and four random letters or digits: never the subject or the e-mail (3.2).
std::string placeholder_name() {
  static constexpr std::string_view kAlphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  thread_local std::mt19937 random{std::random_device{}()};
  std::string name(kPlaceholderPrefix);
  std::uniform_int_distribution<size_t> pick(0, kAlphabet.size() - 1);
  for (int i = 0; i < 4; ++i) name.push_back(kAlphabet[pick(random)]);
  return name;
}

// Pending pre-authorisations for the e-mail become this person's memberships, row by row, so
// that one cohort where the person is already a member does not block the others (10.11): the
// duplicate pending row is dropped instead.
void link_pending(store::Database& db, int64_t id, const std::string& email) {
  db.prepare(
        "DELETE FROM cohort_member WHERE global_user_id IS NULL AND email = ? AND cohort_id IN"
        " (SELECT cohort_id FROM cohort_member WHERE global_user_id = ?)")
      .bind(1, email)
      .bind(2, id)
      .run();
  db.prepare("UPDATE cohort_member SET global_user_id = ? WHERE global_user_id IS NULL AND email = ?")
      .bind(1, id)
      .bind(2, email)
      .run();
}

}  // namespace

GlobalUser Directory::resolve_person(const PersonClaims& claims) {
  std::lock_guard lock(mutex_);
  std::optional<std::string> email;
  if (claims.email && !normalise_email(*claims.email).empty()) email = normalise_email(*claims.email);
  GlobalUser person;
  store::in_transaction(db_, [&] {
    auto by_subject = [&](store::Statement& row) { row.bind(1, claims.subject); };
    std::optional<GlobalUser> known = find_person(db_, "WHERE subject = ?", by_subject);
    if (!known) {
      const std::string name = claims.name.empty() ? placeholder_name() : claims.name;
      db_.prepare(
            "INSERT INTO global_user (subject, display_name, email, is_provider_admin, created_at)"
            " VALUES (?, ?, ?, ?, ?)")
          .bind(1, claims.subject)
          .bind(2, name)
          .bind(3, email)
          .bind(4, int64_t{claims.provider_admin})
          .bind(5, unix_seconds())
          .run();
    } else {
      const bool named = !claims.name.empty();
      // A name-less first contact (a bot) left a placeholder: the first real name replaces it.
      const bool adopt_name =
          named && known->display_name.starts_with(kPlaceholderPrefix) && known->display_name.size() == 12;
      db_.prepare(
            "UPDATE global_user SET is_provider_admin = ?,"
            " email = CASE WHEN ? AND ? IS NOT NULL THEN ? ELSE email END,"
            " display_name = CASE WHEN ? THEN ? ELSE display_name END WHERE id = ?")
          .bind(1, int64_t{claims.provider_admin})
          .bind(2, int64_t{named})
          .bind(3, email)
          .bind(4, email)
          .bind(5, int64_t{adopt_name})
          .bind(6, claims.name)
          .bind(7, known->id)
          .run();
    }
    person = *find_person(db_, "WHERE subject = ?", by_subject);
    if (email) link_pending(db_, person.id, *email);
  });
  return person;
}

std::optional<GlobalUser> Directory::person(int64_t id) {
  std::lock_guard lock(mutex_);
  return find_person(db_, "WHERE id = ?", [&](store::Statement& row) { row.bind(1, id); });
}

std::optional<GlobalUser> Directory::person_by_subject(std::string_view subject) {
  std::lock_guard lock(mutex_);
  return find_person(db_, "WHERE subject = ?", [&](store::Statement& row) { row.bind(1, subject); });
}

std::optional<GlobalUser> Directory::person_by_email(std::string_view email) {
  std::lock_guard lock(mutex_);
  return find_person(db_, "WHERE email = ? ORDER BY id", [&](store::Statement& row) {
    row.bind(1, email);
  });
}

std::vector<GlobalUser> Directory::people() {
  std::lock_guard lock(mutex_);
  store::Statement rows = db_.prepare(std::string(kPersonColumns) + "ORDER BY id");
  std::vector<GlobalUser> result;
  while (rows.step()) result.push_back(person_from(rows));
  return result;
}

std::optional<GlobalUser> Directory::sync_provider_admin(std::string_view subject,
                                                         bool provider_admin) {
  std::lock_guard lock(mutex_);
  db_.prepare("UPDATE global_user SET is_provider_admin = ? WHERE subject = ?")
      .bind(1, int64_t{provider_admin})
      .bind(2, subject)
      .run();
  return find_person(db_, "WHERE subject = ?", [&](store::Statement& row) { row.bind(1, subject); });
}

Directory::GrantResult Directory::set_admin_grant(int64_t id, bool granted) {
  std::lock_guard lock(mutex_);
  std::optional<GlobalUser> known =
      find_person(db_, "WHERE id = ?", [&](store::Statement& row) { row.bind(1, id); });
  if (!known) return GrantResult::kNoSuchUser;
  if (!granted && known->is_provider_admin) return GrantResult::kProviderAdmin;
  db_.prepare("UPDATE global_user SET admin_grant = ? WHERE id = ?")
      .bind(1, int64_t{granted})
      .bind(2, id)
      .run();
  return GrantResult::kDone;
}

void Directory::set_display_name(int64_t id, const std::string& display_name) {
  std::lock_guard lock(mutex_);
  db_.prepare("UPDATE global_user SET display_name = ? WHERE id = ?")
      .bind(1, display_name)
      .bind(2, id)
      .run();
}

void Directory::delete_person(int64_t id) {
  std::lock_guard lock(mutex_);
  // Memberships go with the row (ON DELETE CASCADE); cohort accounts stay, found again by
  // subject if the person logs in again.
  db_.prepare("DELETE FROM global_user WHERE id = ?").bind(1, id).run();
}

}  // namespace exchange::cohorts
