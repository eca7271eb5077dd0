#pragma once
// A fresh, empty directory for one test's database file, removed again afterwards.

#include <unistd.h>

#include <filesystem>
#include <string>
#include <string_view>

#include "store/database.h"
#include "store/migrations.h"

namespace exchange::store {

struct TempDatabase {
  explicit TempDatabase(const std::string& name)
      : dir(std::filesystem::temp_directory_path() / (name + "-" + std::to_string(::getpid()))),
        path((dir / "test.db").string()) {
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
  }
  ~TempDatabase() { std::filesystem::remove_all(dir); }
  TempDatabase(const TempDatabase&) = delete;
  TempDatabase& operator=(const TempDatabase&) = delete;

  std::filesystem::path dir;
  std::string path;
};

// Brings `db` to the schema an older server left: every migration named before `first_missing`
// (e.g. "0007"), recorded as applied, so that opening it again runs the rest.
inline void migrate_before(Database& db, std::string_view first_missing) {
  db.exec("CREATE TABLE schema_migration (name TEXT PRIMARY KEY, applied_at INTEGER NOT NULL)");
  for (const Migration& migration : embedded_migrations()) {
    if (std::string_view(migration.name) >= first_missing) break;
    db.exec(migration.sql);
    Statement record = db.prepare("INSERT INTO schema_migration (name, applied_at) VALUES (?, 0)");
    record.bind(1, std::string_view(migration.name)).run();
  }
}

}  // namespace exchange::store
