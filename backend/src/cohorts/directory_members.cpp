// The memberships of the Directory (cohorts.md 2.1, 3.4, 7.3).
#include "cohorts/directory.h"
#include "cohorts/directory_rows.h"

namespace exchange::cohorts {
namespace {

constexpr std::string_view kMemberQuery =
    "SELECT m.id, m.cohort_id, m.global_user_id, coalesce(m.email, u.email), u.display_name,"
    " u.subject, m.initial_balance FROM cohort_member m"
    " LEFT JOIN global_user u ON u.id = m.global_user_id ";

Member member_from(const store::Statement& row) {
  Member member;
  member.id = row.int_at(0);
  member.cohort_id = row.int_at(1);
  if (!row.is_null(2)) member.global_user_id = row.int_at(2);
  member.email = optional_text(row, 3);
  member.display_name = optional_text(row, 4);
  member.subject = optional_text(row, 5);
  member.initial_balance = optional_text(row, 6);
  return member;
}

// Inserts (cohort, person) unless present; true when a row was added.
bool insert_member(store::Database& db, int64_t cohort_id, int64_t global_user_id,
                   const std::optional<std::string>& initial_balance) {
  store::Statement insert = db.prepare(
      "INSERT OR IGNORE INTO cohort_member (cohort_id, global_user_id, initial_balance, created_at)"
      " VALUES (?, ?, ?, ?) RETURNING id");
  insert.bind(1, cohort_id).bind(2, global_user_id).bind(3, initial_balance).bind(4, unix_seconds());
  const bool added = insert.step();
  if (added) insert.reset();
  return added;
}

}  // namespace

std::optional<Member> Directory::membership(int64_t cohort_id, int64_t global_user_id) {
  std::lock_guard lock(mutex_);
  store::Statement row =
      db_.prepare(std::string(kMemberQuery) + "WHERE m.cohort_id = ? AND m.global_user_id = ?");
  row.bind(1, cohort_id).bind(2, global_user_id);
  if (!row.step()) return std::nullopt;
  Member found = member_from(row);
  row.reset();
  return found;
}

bool Directory::enrol(int64_t cohort_id, int64_t global_user_id,
                      const std::optional<std::string>& initial_balance) {
  std::lock_guard lock(mutex_);
  return insert_member(db_, cohort_id, global_user_id, initial_balance);
}

std::vector<Member> Directory::members(int64_t cohort_id) {
  std::lock_guard lock(mutex_);
  store::Statement rows = db_.prepare(std::string(kMemberQuery) + "WHERE m.cohort_id = ? ORDER BY m.id");
  rows.bind(1, cohort_id);
  std::vector<Member> result;
  while (rows.step()) result.push_back(member_from(rows));
  return result;
}

AddedMembers Directory::add_members(int64_t cohort_id, const std::vector<std::string>& emails,
                                    const std::vector<int64_t>& user_ids,
                                    const std::optional<std::string>& initial_balance) {
  std::lock_guard lock(mutex_);
  AddedMembers counts;
  store::in_transaction(db_, [&] {
    for (const std::string& raw : emails) {
      const std::string email = normalise_email(raw);
      if (email.empty()) continue;
      // A person already known by this e-mail becomes a member at once.
      store::Statement known = db_.prepare("SELECT id FROM global_user WHERE email = ? ORDER BY id");
      known.bind(1, email);
      bool inserted = false;
      if (known.step()) {
        const int64_t id = known.int_at(0);
        known.reset();
        inserted = insert_member(db_, cohort_id, id, initial_balance);
      } else {
        store::Statement pending = db_.prepare(
            "INSERT OR IGNORE INTO cohort_member (cohort_id, email, initial_balance, created_at)"
            " VALUES (?, ?, ?, ?) RETURNING id");
        pending.bind(1, cohort_id).bind(2, email).bind(3, initial_balance).bind(4, unix_seconds());
        inserted = pending.step();
        if (inserted) pending.reset();
      }
      ++(inserted ? counts.added : counts.already_existing);
    }
    for (int64_t id : user_ids) {
      ++(insert_member(db_, cohort_id, id, initial_balance) ? counts.added : counts.already_existing);
    }
  });
  return counts;
}

bool Directory::set_member_balance(int64_t cohort_id, int64_t member_id,
                                   const std::optional<std::string>& initial_balance) {
  std::lock_guard lock(mutex_);
  store::Statement update = db_.prepare(
      "UPDATE cohort_member SET initial_balance = ? WHERE id = ? AND cohort_id = ? RETURNING id");
  update.bind(1, initial_balance).bind(2, member_id).bind(3, cohort_id);
  const bool found = update.step();
  if (found) update.reset();
  return found;
}

void Directory::remove_member(int64_t cohort_id, int64_t member_id) {
  std::lock_guard lock(mutex_);
  db_.prepare("DELETE FROM cohort_member WHERE id = ? AND cohort_id = ?")
      .bind(1, member_id)
      .bind(2, cohort_id)
      .run();
}

std::vector<CohortRecord> Directory::cohorts_of(int64_t global_user_id) {
  std::vector<CohortRecord> result;
  for (CohortRecord& cohort : cohorts()) {
    if (membership(cohort.id, global_user_id)) result.push_back(std::move(cohort));
  }
  return result;
}

}  // namespace exchange::cohorts
