#include "store/data_dir_backup.h"

#include <algorithm>
#include <cstdlib>

#include "store/database.h"

namespace exchange::store {
namespace fs = std::filesystem;
namespace {

constexpr fs::perms kPrivateFile = fs::perms::owner_read | fs::perms::owner_write;

// Copies a file or a directory tree, private (0600 files, 0700 directories) and synced.
// Symbolic links and special files are skipped: the server writes neither.
void copy_private(const fs::path& from, const fs::path& to) {
  if (fs::is_symlink(from)) return;
  if (fs::is_directory(from)) {
    fs::create_directory(to);
    fs::permissions(to, fs::perms::owner_all);
    for (const auto& entry : fs::directory_iterator(from)) {
      copy_private(entry.path(), to / entry.path().filename());
    }
    sync_to_disk(to);
  } else if (fs::is_regular_file(from)) {
    fs::copy_file(from, to, fs::copy_options::overwrite_existing);
    fs::permissions(to, kPrivateFile);
    sync_to_disk(to);
  }
}

bool is_empty_directory(const fs::path& path) {
  return fs::is_directory(path) && fs::is_empty(path);
}

// Something restore would replace: a file, or a directory with anything in it (the server
// creates an empty uploads/ at start-up, which holds nothing to lose).
bool holds_something(const fs::path& path) {
  return fs::exists(fs::symlink_status(path)) && !is_empty_directory(path);
}

fs::path with_suffix(fs::path path, const char* suffix) {
  path += suffix;
  return path;
}

}  // namespace

BackupContents backup_data_dir(const fs::path& data_dir, const fs::path& to_given,
                               const std::vector<fs::path>& extras, const BackupOptions& options) {
  // "backups/night/" names the directory "night", like "backups/night".
  fs::path to = fs::absolute(to_given).lexically_normal();
  if (!to.has_filename()) to = to.parent_path();
  BackupContents contents;
  contents.databases = databases_under(data_dir);
  if (contents.databases.empty()) {
    throw StoreError("no databases (*.db) in " + data_dir.string());
  }
  if (fs::exists(to) && !is_empty_directory(to)) {
    throw StoreError(to.string() + " already exists; back up into a new directory");
  }
  const fs::path parent = to.parent_path();
  fs::create_directories(parent);
  std::string pattern = (parent / to.filename()).string() + ".partial-XXXXXX";
  if (::mkdtemp(pattern.data()) == nullptr) throw StoreError("cannot create " + pattern);
  const fs::path staging = pattern;
  try {
    for (const fs::path& database : contents.databases) {
      fs::create_directories((staging / database).parent_path());
      backup_database(data_dir / database, staging / database, options);
    }
    for (const fs::path& extra : extras) {
      if (!fs::exists(data_dir / extra)) continue;
      fs::create_directories((staging / extra).parent_path());
      copy_private(data_dir / extra, staging / extra);
      contents.extras.push_back(extra);
    }
    sync_to_disk(staging);
    if (fs::exists(to)) fs::remove(to);  // the empty directory the caller may have made
    fs::rename(staging, to);
    sync_to_disk(parent);
  } catch (...) {
    std::error_code ignored;
    fs::remove_all(staging, ignored);
    throw;
  }
  return contents;
}

BackupContents restore_data_dir(const fs::path& from, const fs::path& data_dir,
                                const RestoreOptions& options) {
  BackupContents contents;
  contents.databases = databases_under(from);
  if (contents.databases.empty()) throw StoreError("no databases (*.db) in " + from.string());
  for (const fs::path& database : contents.databases) check_database(from / database);
  for (const fs::path& extra : options.extras) {
    if (fs::exists(from / extra)) contents.extras.push_back(extra);
  }

  // Refuse before changing anything.
  if (fs::exists(data_dir)) {
    for (const fs::path& database : databases_under(data_dir)) {
      if (std::find(contents.databases.begin(), contents.databases.end(), database) ==
          contents.databases.end()) {
        contents.not_in_backup.push_back(database);
      }
    }
    for (const fs::path& database : contents.databases) {
      if (database_in_use(data_dir / database)) {
        throw RestoreRefused((data_dir / database).string() +
                             " is open in a running process: stop the server first");
      }
      if (!options.force && holds_something(data_dir / database)) {
        throw RestoreRefused((data_dir / database).string() +
                             " exists: pass --force to replace it (with the server stopped)");
      }
    }
    for (const fs::path& extra : contents.extras) {
      if (!options.force && holds_something(data_dir / extra)) {
        throw RestoreRefused((data_dir / extra).string() +
                             " exists: pass --force to replace it (with the server stopped)");
      }
    }
  }

  fs::create_directories(data_dir);
  fs::permissions(data_dir, fs::perms::owner_all);
  for (const fs::path& database : contents.databases) {
    const fs::path target = data_dir / database;
    fs::create_directories(target.parent_path());
    const fs::path incoming = with_suffix(target, ".restoring");
    fs::remove(incoming);
    copy_private(from / database, incoming);
    // A WAL beside the new file would be replayed into it at the next open: remove the old
    // database's companions before the new file takes the name.
    for (const char* companion : {"-wal", "-shm", "-journal"}) {
      fs::remove(with_suffix(target, companion));
    }
    fs::rename(incoming, target);
    sync_to_disk(target.parent_path());
  }
  for (const fs::path& extra : contents.extras) {
    const fs::path target = data_dir / extra;
    fs::create_directories(target.parent_path());
    const fs::path incoming = with_suffix(target, ".restoring");
    fs::remove_all(incoming);
    copy_private(from / extra, incoming);
    fs::remove_all(target);
    fs::rename(incoming, target);
    sync_to_disk(target.parent_path());
  }
  return contents;
}

}  // namespace exchange::store
