#include "store/migrations.h"

#include <chrono>
#include <string>

namespace exchange::store {

int migrate(Database& db, const std::vector<Migration>& migrations) {
  db.exec(
      "CREATE TABLE IF NOT EXISTS schema_migration ("
      " name TEXT PRIMARY KEY, applied_at INTEGER NOT NULL)");
  int applied = 0;
  for (const Migration& migration : migrations) {
    Statement seen = db.prepare("SELECT 1 FROM schema_migration WHERE name = ?");
    seen.bind(1, std::string_view(migration.name));
    const bool already = seen.step();
    seen.reset();
    if (already) continue;
    in_transaction(db, [&] {
      db.exec(migration.sql);
      const int64_t now = std::chrono::duration_cast<std::chrono::microseconds>(
                              std::chrono::system_clock::now().time_since_epoch())
                              .count();
      Statement record = db.prepare("INSERT INTO schema_migration (name, applied_at) VALUES (?, ?)");
      record.bind(1, std::string_view(migration.name)).bind(2, now).run();
    });
    ++applied;
  }
  return applied;
}

}  // namespace exchange::store
