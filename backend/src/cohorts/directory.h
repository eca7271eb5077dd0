#pragma once
// The global database's people, cohorts, memberships and configuration (cohorts.md section 2.1),
// as queries. One connection, used by one thread at a time (every method takes the lock), beside
// the login system's own connection to the same file; WAL and the busy timeout let both work.
// Lists come out in id order, which is creation order (created_at has one-second resolution).

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/database.h"

namespace exchange::cohorts {

struct CohortRecord {
  int64_t id = 0;
  std::string name;
  std::string display_name;
  std::string db_path;  // relative to the data directory
  bool is_read_only = false;
  bool auctions_enabled = false;
};

struct GlobalUser {
  int64_t id = 0;
  std::string subject;
  std::string display_name;
  std::optional<std::string> email;
  bool admin_grant = false;
  bool is_provider_admin = false;
  bool is_admin() const { return admin_grant || is_provider_admin; }
};

struct Member {
  int64_t id = 0;
  int64_t cohort_id = 0;
  std::optional<int64_t> global_user_id;  // nullopt: a pending e-mail pre-authorisation
  std::optional<std::string> email;       // the row's, else the user's
  std::optional<std::string> display_name;  // the user's global name; nullopt when pending
  std::optional<std::string> subject;       // the user's login identity; nullopt when pending
  std::optional<std::string> initial_balance;
};

// What a login or an HTTP call tells about the person behind a token (cohorts.md 3.2).
struct PersonClaims {
  std::string subject;
  std::string name;                  // empty: none known
  std::optional<std::string> email;  // as received
  bool provider_admin = false;       // the token carries the admin role
};

struct AddedMembers {
  int added = 0;
  int already_existing = 0;
};

class Directory {
 public:
  // Opens the global database and applies its migrations. Throws store::StoreError.
  explicit Directory(const std::string& path);

  // --- cohorts ---------------------------------------------------------------------------
  std::vector<CohortRecord> cohorts();  // newest first
  std::optional<CohortRecord> cohort(std::string_view name);
  std::optional<CohortRecord> cohort(int64_t id);
  // Inserts a cohort (flags off); nullopt when the name or path is taken.
  std::optional<CohortRecord> add_cohort(const std::string& name, const std::string& display_name,
                                         const std::string& db_path);
  void remove_cohort(int64_t id);
  // Absent fields stay as they are. False when there is no such cohort.
  bool update_cohort(std::string_view name, const std::optional<std::string>& display_name,
                     std::optional<bool> is_read_only, std::optional<bool> auctions_enabled);

  // --- people ----------------------------------------------------------------------------
  // Ensures the person's row (3.2): creates it (with the name, or "Unnamed-XXXX"), records a
  // changed e-mail when a name came with the claims, syncs the provider admin flag, adopts a
  // real name over a placeholder (10.21), and links pending e-mail pre-authorisations, row by
  // row (10.11).
  GlobalUser resolve_person(const PersonClaims& claims);
  std::optional<GlobalUser> person(int64_t id);
  std::optional<GlobalUser> person_by_subject(std::string_view subject);
  // The first person whose stored (lower-case) e-mail this is.
  std::optional<GlobalUser> person_by_email(std::string_view email);
  std::vector<GlobalUser> people();
  // Syncs the provider admin flag of an existing person (check_admin of 7.1).
  std::optional<GlobalUser> sync_provider_admin(std::string_view subject, bool provider_admin);
  enum class GrantResult { kDone, kNoSuchUser, kProviderAdmin };
  GrantResult set_admin_grant(int64_t id, bool granted);
  void set_display_name(int64_t id, const std::string& display_name);
  void delete_person(int64_t id);

  // --- memberships -----------------------------------------------------------------------
  std::optional<Member> membership(int64_t cohort_id, int64_t global_user_id);
  // Adds the person to the cohort unless a member already; true when a row was added.
  bool enrol(int64_t cohort_id, int64_t global_user_id,
             const std::optional<std::string>& initial_balance = std::nullopt);
  std::vector<Member> members(int64_t cohort_id);  // oldest first
  // E-mails (trimmed, lower-cased, empty skipped) and person ids; the caller has checked the
  // ids exist and the balance is a valid decimal.
  AddedMembers add_members(int64_t cohort_id, const std::vector<std::string>& emails,
                           const std::vector<int64_t>& user_ids,
                           const std::optional<std::string>& initial_balance);
  bool set_member_balance(int64_t cohort_id, int64_t member_id,
                          const std::optional<std::string>& initial_balance);
  void remove_member(int64_t cohort_id, int64_t member_id);
  std::vector<CohortRecord> cohorts_of(int64_t global_user_id);  // newest first

  // --- configuration ---------------------------------------------------------------------
  std::optional<int64_t> default_cohort_id();
  void set_default_cohort_id(std::optional<int64_t> id);
  std::optional<std::string> config(std::string_view key);
  void set_config(std::string_view key, std::string_view value);

  // Runs body(store::Database&) under the connection's lock (for imports spanning tables).
  template <class Body>
  auto with(Body&& body) {
    std::lock_guard lock(mutex_);
    return body(db_);
  }

 private:
  std::mutex mutex_;
  store::Database db_;
};

// Trimmed and lower-cased (ASCII): the form e-mails are stored and compared in.
std::string normalise_email(std::string_view email);

}  // namespace exchange::cohorts
