#include "cohorts/data_dir.h"

#include <spdlog/spdlog.h>

#include "cohorts/directory_rows.h"

namespace exchange::cohorts {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kPreparedKey = "data_dir_prepared";
constexpr std::string_view kLegacyFile = "exchange.db";

bool legacy_has_table(store::Database& db, std::string_view table) {
  store::Statement row =
      db.prepare("SELECT 1 FROM legacy.sqlite_master WHERE type = 'table' AND name = ?");
  row.bind(1, table);
  const bool found = row.step();
  if (found) row.reset();
  return found;
}

// Copies the single exchange's logins, and makes everyone with an account a person and a member
// of `cohort_id`. Inside the caller's transaction, with the legacy file attached as "legacy".
void import_legacy(store::Database& db, int64_t cohort_id) {
  if (legacy_has_table(db, "auth_user")) {
    db.exec(
        "INSERT OR IGNORE INTO auth_user (name, subject, password_hash, is_admin, created_at)"
        " SELECT name, subject, password_hash, is_admin, created_at FROM legacy.auth_user"
        " ORDER BY id");
    db.exec(
        "INSERT OR IGNORE INTO auth_bot_token (subject, name, token_hash, created_at, last_used_at)"
        " SELECT subject, name, token_hash, created_at, last_used_at FROM legacy.auth_bot_token"
        " ORDER BY id");
  }
  const int64_t now = unix_seconds();
  // Built-in admins stay admins: their provider flag is refreshed at every login anyway.
  db.prepare(
        "INSERT OR IGNORE INTO global_user (subject, display_name, is_provider_admin, created_at)"
        " SELECT a.identity, a.name,"
        "  coalesce((SELECT u.is_admin FROM auth_user u WHERE u.subject = a.identity), 0), ?"
        " FROM legacy.account a WHERE a.identity IS NOT NULL AND a.identity <> 'fake_id'"
        " ORDER BY a.id")
      .bind(1, now)
      .run();
  db.prepare(
        "INSERT OR IGNORE INTO cohort_member (cohort_id, global_user_id, created_at)"
        " SELECT ?, g.id, ? FROM legacy.account a JOIN global_user g ON g.subject = a.identity"
        " ORDER BY a.id")
      .bind(1, cohort_id)
      .bind(2, now)
      .run();
}

}  // namespace

fs::path global_database_path(const fs::path& data_dir) { return data_dir / "global.db"; }

std::string cohort_database_path(const std::string& cohort_name) {
  return "cohorts/" + cohort_name + ".db";
}

void prepare_data_dir(Directory& directory, const fs::path& data_dir) {
  if (directory.config(kPreparedKey)) return;
  const fs::path legacy = data_dir / kLegacyFile;
  const bool upgrade = fs::exists(legacy);
  const std::string db_path = upgrade ? std::string(kLegacyFile) : cohort_database_path("main");
  fs::create_directories(data_dir / "cohorts");
  directory.with([&](store::Database& db) {
    // ATTACH cannot happen inside a transaction.
    if (upgrade) db.prepare("ATTACH DATABASE ? AS legacy").bind(1, legacy.string()).run();
    try {
      store::in_transaction(db, [&] {
        store::Statement insert = db.prepare(
            "INSERT INTO cohort (name, display_name, db_path, auctions_enabled, created_at)"
            " VALUES ('main', 'Main', ?, 1, ?) ON CONFLICT(name) DO UPDATE SET name = name"
            " RETURNING id");
        insert.bind(1, db_path).bind(2, unix_seconds());
        insert.step();
        const int64_t cohort_id = insert.int_at(0);
        insert.reset();
        if (upgrade) import_legacy(db, cohort_id);
        db.prepare("INSERT OR REPLACE INTO global_config (key, value) VALUES"
                   " ('default_cohort_id', ?), (?, '1')")
            .bind(1, std::to_string(cohort_id))
            .bind(2, kPreparedKey)
            .run();
      });
    } catch (...) {
      if (upgrade) db.exec("DETACH DATABASE legacy");
      throw;
    }
    if (upgrade) db.exec("DETACH DATABASE legacy");
  });
  if (upgrade) {
    spdlog::info("upgraded {} in place: it is now the default cohort \"main\"", legacy.string());
  }
  // A new cohort's file is created now: at later starts a missing file is an error, not a
  // reason to start an empty exchange (cohorts.md 10.14).
  store::Database created((data_dir / db_path).string(), store::Database::Access::kReadWrite);
}

}  // namespace exchange::cohorts
