// Online backup of a database that another connection keeps writing, and the data-directory
// backup and restore around it.

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <sys/stat.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <thread>

#include "store/backup.h"
#include "store/data_dir_backup.h"
#include "store/database.h"

namespace exchange::store {
namespace {
namespace fs = std::filesystem;

struct TempDir {
  fs::path dir;
  TempDir() {
    char pattern[] = "/tmp/backup-test-XXXXXX";
    if (::mkdtemp(pattern) == nullptr) throw std::runtime_error("mkdtemp failed");
    dir = pattern;
  }
  ~TempDir() { fs::remove_all(dir); }
};

int64_t count_rows(const fs::path& path) {
  Database db(path.string(), Database::Access::kReadWrite);
  Statement count = db.prepare("SELECT COUNT(*), COALESCE(MAX(id), 0) FROM item");
  EXPECT_TRUE(count.step());
  // Rows are only ever appended, so a consistent copy holds ids 1..n without a gap.
  EXPECT_EQ(count.int_at(0), count.int_at(1));
  const int64_t rows = count.int_at(0);
  count.reset();
  return rows;
}

// A database of `rows` rows of 1 KiB: a few hundred pages, so a copy takes many steps.
void fill(Database& db, int rows) {
  db.exec("CREATE TABLE IF NOT EXISTS item (id INTEGER PRIMARY KEY, payload BLOB NOT NULL)");
  in_transaction(db, [&] {
    Statement insert = db.prepare("INSERT INTO item (payload) VALUES (zeroblob(1024))");
    for (int i = 0; i < rows; ++i) insert.run();
  });
}

unsigned mode_of(const fs::path& path) {
  struct stat info {};
  EXPECT_EQ(::stat(path.c_str(), &info), 0) << path;
  return info.st_mode & 0777;
}

TEST(Backup, CopiesTheSnapshotItStartedFromWhileAnotherConnectionCommits) {
  TempDir temp;
  const fs::path source = temp.dir / "live.db";
  Database writer(source.string(), Database::Access::kReadWrite);
  fill(writer, 500);

  // Between chunks the other connection commits, and checkpoints: a copy that did not hold its
  // snapshot would restart (never finish) or mix old and new pages.
  BackupOptions options;
  options.pages_per_step = 8;
  int steps = 0;
  options.after_step = [&] {
    ++steps;
    fill(writer, 3);
    writer.exec("PRAGMA wal_checkpoint(PASSIVE)");
  };
  const fs::path copy = temp.dir / "copy.db";
  backup_database(source, copy, options);

  EXPECT_GT(steps, 10);
  EXPECT_EQ(count_rows(copy), 500);
  EXPECT_EQ(count_rows(source), 500 + 3 * steps);
  EXPECT_NO_THROW(check_database(copy));
  EXPECT_EQ(mode_of(copy), 0600u);
  EXPECT_FALSE(fs::exists(temp.dir / "copy.db.partial"));
  EXPECT_THROW(backup_database(source, copy, options), StoreError);  // never overwrites
}

TEST(Backup, FinishesWhileAThreadWritesWithoutPause) {
  TempDir temp;
  const fs::path source = temp.dir / "live.db";
  {
    Database db(source.string(), Database::Access::kReadWrite);
    fill(db, 300);
  }
  std::atomic<bool> stop{false};
  std::atomic<int> commits{0};
  std::thread writer([&] {
    Database db(source.string(), Database::Access::kReadWrite);
    while (!stop) {
      fill(db, 1);
      ++commits;
    }
  });
  BackupOptions options;
  options.pages_per_step = 4;
  // Each step waits for a commit of the writer, so writes interleave with the copy for sure.
  options.after_step = [&, seen = 0]() mutable {
    while (commits.load() == seen) std::this_thread::yield();
    seen = commits.load();
  };
  const fs::path copy = temp.dir / "copy.db";
  backup_database(source, copy, options);
  stop = true;
  writer.join();
  const int64_t copied = count_rows(copy);
  EXPECT_GE(copied, 300);
  EXPECT_LT(copied, count_rows(source));
}

TEST(Backup, DatabaseInUseWhileAConnectionIsOpen) {
  TempDir temp;
  const fs::path path = temp.dir / "x.db";
  {
    Database db(path.string(), Database::Access::kReadWrite);
    fill(db, 1);
    EXPECT_TRUE(database_in_use(path));
  }
  EXPECT_FALSE(database_in_use(path));
  EXPECT_FALSE(database_in_use(temp.dir / "missing.db"));
}

TEST(Backup, DataDirRoundTripWithNestedDatabasesAndExtras) {
  TempDir temp;
  const fs::path data = temp.dir / "data";
  fs::create_directories(data / "cohorts");
  fs::create_directories(data / "uploads");
  {
    Database main((data / "exchange.db").string(), Database::Access::kReadWrite);
    fill(main, 20);
    Database cohort((data / "cohorts" / "a.db").string(), Database::Access::kReadWrite);
    fill(cohort, 7);
  }
  std::ofstream(data / "key.pem") << "secret";
  std::ofstream(data / "uploads" / "image.png") << "png";

  const fs::path backup = temp.dir / "backups" / "night";
  const BackupContents made = backup_data_dir(data, backup, {"key.pem", "uploads", "absent"});
  EXPECT_EQ(made.databases, (std::vector<fs::path>{"cohorts/a.db", "exchange.db"}));
  EXPECT_EQ(made.extras, (std::vector<fs::path>{"key.pem", "uploads"}));
  EXPECT_EQ(mode_of(backup), 0700u);
  EXPECT_EQ(mode_of(backup / "key.pem"), 0600u);
  EXPECT_THROW(backup_data_dir(data, backup, {}), StoreError);  // never into an old backup

  RestoreOptions options;
  options.extras = {"key.pem", "uploads"};
  // The target holds databases: refused without --force, and refused even with it while a
  // connection has one open.
  EXPECT_THROW(restore_data_dir(backup, data, options), RestoreRefused);
  options.force = true;
  {
    Database open((data / "exchange.db").string(), Database::Access::kReadWrite);
    EXPECT_THROW(restore_data_dir(backup, data, options), RestoreRefused);
  }
  // Rows written after the backup, and a stale WAL beside the database, must not survive.
  {
    Database db((data / "exchange.db").string(), Database::Access::kReadWrite);
    fill(db, 5);
  }
  std::ofstream(data / "exchange.db-wal") << "not a wal of the restored database";
  std::ofstream(data / "uploads" / "later.png") << "later";
  {
    Database later((data / "cohorts" / "later.db").string(), Database::Access::kReadWrite);
    fill(later, 1);
  }
  const BackupContents restored = restore_data_dir(backup, data, options);
  EXPECT_EQ(restored.databases, made.databases);
  EXPECT_EQ(restored.not_in_backup, (std::vector<fs::path>{"cohorts/later.db"}));
  EXPECT_EQ(count_rows(data / "cohorts" / "later.db"), 1);
  EXPECT_FALSE(fs::exists(data / "exchange.db-wal"));
  EXPECT_EQ(count_rows(data / "exchange.db"), 20);
  EXPECT_EQ(count_rows(data / "cohorts" / "a.db"), 7);
  EXPECT_FALSE(fs::exists(data / "uploads" / "later.png"));
  EXPECT_TRUE(fs::exists(data / "uploads" / "image.png"));
  EXPECT_EQ(mode_of(data / "exchange.db"), 0600u);
  EXPECT_EQ(mode_of(data / "uploads"), 0700u);
  EXPECT_EQ(mode_of(data), 0700u);

  // Into a fresh directory no --force is needed.
  options.force = false;
  const fs::path fresh = temp.dir / "fresh";
  restore_data_dir(backup, fresh, options);
  EXPECT_EQ(count_rows(fresh / "exchange.db"), 20);
  std::ifstream key(fresh / "key.pem");
  std::string text;
  key >> text;
  EXPECT_EQ(text, "secret");
}

}  // namespace
}  // namespace exchange::store
