#include "store/checkpointer.h"

#include <spdlog/spdlog.h>
#include <sqlite3.h>

namespace exchange::store {

Checkpointer::Checkpointer(std::string database_path, Database::Sync sync,
                           std::chrono::milliseconds interval, int restart_pages)
    : database_path_(std::move(database_path)),
      sync_(sync),
      interval_(interval),
      restart_pages_(restart_pages) {}

Checkpointer::~Checkpointer() { stop(); }

void Checkpointer::hand_over_from(Database& writer) {
  writer.exec("PRAGMA wal_autocheckpoint = " + std::to_string(kWriterBackstopPages));
}

void Checkpointer::start() {
  if (thread_.joinable() || stop_.closed()) return;
  thread_ = std::thread([this] { run(); });
}

void Checkpointer::stop() {
  stop_.close();
  if (thread_.joinable()) thread_.join();
}

uint64_t Checkpointer::complete_checkpoints() const {
  std::lock_guard lock(mutex_);
  return complete_;
}

uint64_t Checkpointer::restarts() const {
  std::lock_guard lock(mutex_);
  return restarts_;
}

void Checkpointer::run() {
  try {
    Database db(database_path_, Database::Access::kReadWrite, sync_);
    db.exec("PRAGMA wal_autocheckpoint = 0");  // this connection never writes anyway
    bool warned = false;
    for (;;) {
      bool stopped = false;
      stop_.pop_for(interval_, &stopped);  // wakes at once when stop() closes it
      if (stopped) break;
      int wal_pages = 0, copied = 0;
      int rc = sqlite3_wal_checkpoint_v2(db.handle(), nullptr, SQLITE_CHECKPOINT_PASSIVE,
                                         &wal_pages, &copied);
      bool restarted = false;
      if (rc == SQLITE_OK && wal_pages >= restart_pages_) {
        rc = sqlite3_wal_checkpoint_v2(db.handle(), nullptr, SQLITE_CHECKPOINT_RESTART,
                                       &wal_pages, &copied);
        restarted = rc == SQLITE_OK;
      }
      std::lock_guard lock(mutex_);
      if (rc == SQLITE_OK && wal_pages > 0 && copied == wal_pages) ++complete_;
      if (restarted) ++restarts_;
      // SQLITE_BUSY: another checkpoint (the writer's backstop) is running; try next time.
      if (rc != SQLITE_OK && rc != SQLITE_BUSY && !warned) {
        warned = true;
        spdlog::warn("background checkpoint failed: {}", sqlite3_errmsg(db.handle()));
      }
    }
  } catch (const StoreError& error) {
    // The writer's backstop checkpoints keep the WAL bounded without this thread.
    spdlog::error("background checkpoints off: {}", error.what());
  }
}

}  // namespace exchange::store
