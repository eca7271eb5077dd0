#pragma once
// Numbered schema migrations, embedded in the binary from backend/migrations/*.sql and applied
// in file-name order at start-up. Each runs once, inside a transaction, and is recorded in
// schema_migration.

#include <vector>

#include "store/database.h"

namespace exchange::store {

struct Migration {
  const char* name;  // file name, e.g. "0001_initial.sql"
  const char* sql;
};

// A cohort's exchange database (backend/migrations/*.sql).
const std::vector<Migration>& embedded_migrations();
// The global database (backend/migrations/global/*.sql).
const std::vector<Migration>& embedded_global_migrations();

// Applies every migration of `migrations` not yet recorded; returns how many ran.
int migrate(Database& db, const std::vector<Migration>& migrations = embedded_migrations());

}  // namespace exchange::store
