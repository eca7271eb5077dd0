#include "store/backup.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

#include <algorithm>
#include <memory>
#include <string>

#include "store/database.h"

namespace exchange::store {
namespace fs = std::filesystem;
namespace {

struct CloseConnection {
  void operator()(sqlite3* db) const { sqlite3_close(db); }
};
using Connection = std::unique_ptr<sqlite3, CloseConnection>;

[[noreturn]] void fail(sqlite3* db, const std::string& what) {
  throw StoreError(what + ": " + (db ? sqlite3_errmsg(db) : "no connection"));
}

// Read-write without create: a WAL database is read through its -shm file, which a read-only
// connection may be unable to set up, and a missing file must be an error, not a new database.
Connection open_existing(const fs::path& path) {
  if (!fs::exists(path)) throw StoreError("no database at " + path.string());
  sqlite3* db = nullptr;
  const int status =
      sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr);
  Connection connection(db);
  if (status != SQLITE_OK) fail(db, "open " + path.string());
  return connection;
}

void exec(sqlite3* db, const std::string& sql) {
  if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK) fail(db, sql);
}

void quick_check(sqlite3* db, const fs::path& path) {
  sqlite3_stmt* statement = nullptr;
  if (sqlite3_prepare_v2(db, "PRAGMA quick_check", -1, &statement, nullptr) != SQLITE_OK) {
    fail(db, "quick_check " + path.string());
  }
  std::string result;
  int status = SQLITE_ROW;
  while ((status = sqlite3_step(statement)) == SQLITE_ROW) {
    if (!result.empty()) result += "; ";
    result += reinterpret_cast<const char*>(sqlite3_column_text(statement, 0));
  }
  sqlite3_finalize(statement);
  if (status != SQLITE_DONE) fail(db, "quick_check " + path.string());
  if (result != "ok") throw StoreError("damaged database " + path.string() + ": " + result);
}

}  // namespace

void sync_to_disk(const fs::path& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw StoreError("open " + path.string() + " for fsync failed");
  const bool synced = ::fsync(fd) == 0;
  ::close(fd);
  if (!synced) throw StoreError("fsync " + path.string() + " failed");
}

void backup_database(const fs::path& source, const fs::path& destination,
                     const BackupOptions& options) {
  if (fs::exists(destination)) throw StoreError(destination.string() + " already exists");
  fs::path partial = destination;
  partial += ".partial";
  fs::remove(partial);  // left by an earlier copy that failed half-way
  {
    Connection from = open_existing(source);
    sqlite3_busy_timeout(from.get(), 5000);
    // The SELECT starts the read transaction that pins the snapshot for the whole copy.
    exec(from.get(), "BEGIN; SELECT COUNT(*) FROM sqlite_master");
    sqlite3* raw = nullptr;
    const int opened = sqlite3_open_v2(
        partial.c_str(), &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
        nullptr);
    Connection to(raw);
    if (opened != SQLITE_OK) fail(raw, "create " + partial.string());
    sqlite3_backup* backup = sqlite3_backup_init(to.get(), "main", from.get(), "main");
    if (backup == nullptr) fail(to.get(), "backup " + source.string());
    int status = SQLITE_OK;
    int busy_retries = 0;
    // BUSY/LOCKED cannot come from the source (we hold its snapshot) and only from the
    // destination if something else opened our partial file: retry a little, then give up.
    while ((status = sqlite3_backup_step(backup, options.pages_per_step)) != SQLITE_DONE) {
      if (status == SQLITE_OK) {
        if (options.after_step) options.after_step();
      } else if ((status == SQLITE_BUSY || status == SQLITE_LOCKED) && ++busy_retries < 500) {
        sqlite3_sleep(10);
      } else {
        break;
      }
    }
    const int finished = sqlite3_backup_finish(backup);
    if (status != SQLITE_DONE || finished != SQLITE_OK) fail(to.get(), "backup " + source.string());
    exec(from.get(), "COMMIT");
    quick_check(to.get(), destination);
  }
  fs::permissions(partial, fs::perms::owner_read | fs::perms::owner_write);
  sync_to_disk(partial);
  fs::rename(partial, destination);
  sync_to_disk(destination.parent_path());
}

void check_database(const fs::path& path) {
  Connection db = open_existing(path);
  sqlite3_busy_timeout(db.get(), 5000);
  quick_check(db.get(), path);
}

bool database_in_use(const fs::path& path) {
  if (!fs::exists(path)) return false;
  Connection db = open_existing(path);
  // Every connection to a WAL database holds a shared lock on the file for as long as it is
  // open; exclusive locking mode makes BEGIN EXCLUSIVE ask for the exclusive lock itself (not
  // just the WAL write lock), so it fails at once exactly when another connection is open.
  exec(db.get(), "PRAGMA locking_mode = EXCLUSIVE");
  const int status = sqlite3_exec(db.get(), "BEGIN EXCLUSIVE", nullptr, nullptr, nullptr);
  if (status == SQLITE_BUSY || status == SQLITE_LOCKED) return true;
  if (status != SQLITE_OK) fail(db.get(), "lock " + path.string());
  exec(db.get(), "ROLLBACK");
  return false;
}

std::vector<fs::path> databases_under(const fs::path& dir) {
  std::vector<fs::path> found;
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    if (entry.is_regular_file() && entry.path().extension() == ".db") {
      found.push_back(fs::relative(entry.path(), dir));
    }
  }
  std::sort(found.begin(), found.end());
  return found;
}

}  // namespace exchange::store
