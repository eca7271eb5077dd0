#pragma once
// Backups of live databases and their restore, at the level of files (no command line here;
// app/backup_commands.* is the CLI).
//
// A database is copied with SQLite's online backup API from a connection of our own that holds
// one read transaction for the whole copy: in WAL mode a reader never blocks the server's
// writer, and the held transaction pins one snapshot, so the copy is consistent (every commit
// before it, none after) and never restarts however busy the server is. Copying in chunks lets
// the checkpointer run between chunks (it cannot move past our snapshot until we finish, so
// the WAL grows for the length of the copy; it is reset afterwards).

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace exchange::store {

struct BackupOptions {
  int pages_per_step = 1024;  // 4 MiB per chunk at the default 4 KiB page size
  // Called after each chunk (tests write to the source here, to exercise a copy under writes).
  std::function<void()> after_step;
};

// Copies the database at `source` (which other connections may be writing) into a new file at
// `destination` (which must not exist), then checks the copy with PRAGMA quick_check. Writes
// `destination`.partial first and renames it, so a file at `destination` is always complete.
// Throws StoreError.
void backup_database(const std::filesystem::path& source, const std::filesystem::path& destination,
                     const BackupOptions& options = {});

// PRAGMA quick_check on the database at `path`, read-only; throws StoreError unless "ok".
void check_database(const std::filesystem::path& path);

// True when a connection in another process has the database at `path` open (a running
// server keeps its database open): it then holds a lock that an exclusive transaction cannot
// get past. Changes nothing. Throws StoreError on other failures.
bool database_in_use(const std::filesystem::path& path);

// fsync of a file or directory (a new file's bytes reach the disk before a name points at
// them); throws StoreError.
void sync_to_disk(const std::filesystem::path& path);

// The SQLite databases (*.db files) under `dir`, recursively, relative to it, sorted.
std::vector<std::filesystem::path> databases_under(const std::filesystem::path& dir);

}  // namespace exchange::store
