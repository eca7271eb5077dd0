#pragma once
// Backup and restore of a whole data directory: every SQLite database in it (*.db, at any
// depth, so databases added later are included without changes here), each copied online
// (store/backup.h), plus the other files and directories the caller names (the layers above
// know them: the login's signing key, the uploaded images), copied as they are when present.

#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

#include "store/backup.h"

namespace exchange::store {

// What a backup holds or a restore put in place, relative to the directory.
struct BackupContents {
  std::vector<std::filesystem::path> databases;
  std::vector<std::filesystem::path> extras;
  // Restore only: databases the data directory holds that the backup does not (made after
  // it); left as they are, for the operator to judge.
  std::vector<std::filesystem::path> not_in_backup;
};

// Copies `data_dir` into the new directory `to` (it must not exist, or be empty). Builds it as
// a sibling `<to>.partial-XXXXXX` (mode 0700) and renames it to `to` at the end, so a directory
// named `to` is always a complete, checked backup. Safe while a server runs on `data_dir`.
// Throws StoreError or std::filesystem::filesystem_error.
BackupContents backup_data_dir(const std::filesystem::path& data_dir, const std::filesystem::path& to,
                               const std::vector<std::filesystem::path>& extras,
                               const BackupOptions& options = {});

// A restore that would be unsafe; nothing was changed.
class RestoreRefused : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct RestoreOptions {
  std::vector<std::filesystem::path> extras;  // as for backup_data_dir
  // Replace databases and extras that `data_dir` already holds. Never overrides the check
  // that no running server has one of the target databases open.
  bool force = false;
};

// Puts the backup in `from` in place in `data_dir`, for a server that is not running. Checks
// every database of the backup first (quick_check), refuses (RestoreRefused) when a target
// database is open in a running process, or when something would be replaced without
// `force`. Each database is copied to a temporary name, the target's stale -wal/-shm/-journal
// files are removed (a WAL left beside a different database would be replayed into it), then
// the copy is renamed into place; files are 0600 and directories 0700.
BackupContents restore_data_dir(const std::filesystem::path& from,
                                const std::filesystem::path& data_dir,
                                const RestoreOptions& options);

}  // namespace exchange::store
