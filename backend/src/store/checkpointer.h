#pragma once
// Background WAL checkpoints, so that the sequencer's commits never wait for them.
//
// In WAL mode every commit appends to the -wal file; a checkpoint copies those pages into the
// database file and syncs it. SQLite's automatic checkpoint runs inside the commit that crosses
// the threshold, on the writer's thread: with --sync normal that put a 15-50 ms fsync stall
// on the order path every few hundred milliseconds under load (the p99 of docs/performance.md).
// Here a thread of its own runs PASSIVE checkpoints on its own connection instead; PASSIVE
// never blocks the writer or readers. The writer keeps a far higher automatic threshold only
// as a backstop, should this thread fall behind.
//
// A PASSIVE checkpoint cannot start the WAL over while commits keep coming (the writer only
// rewinds when everything has been copied before its next transaction), so under sustained
// load the file grows. Past kRestartPages this thread follows its PASSIVE pass with a RESTART
// one: that copies only what arrived meanwhile but holds the write lock for it, one short
// stall per kRestartPages pages (a few seconds of heavy load) instead of unbounded growth.

#include <chrono>
#include <mutex>
#include <string>
#include <thread>
#include <variant>

#include "concurrency/work_queue.h"
#include "store/database.h"

namespace exchange::store {

class Checkpointer {
 public:
  // Pages in the WAL after which the writer checkpoints by itself (the backstop).
  static constexpr int kWriterBackstopPages = 100'000;
  // WAL pages after which the WAL is made to start over.
  static constexpr int kRestartPages = 25'000;

  Checkpointer(std::string database_path, Database::Sync sync,
               std::chrono::milliseconds interval = std::chrono::milliseconds(100),
               int restart_pages = kRestartPages);
  ~Checkpointer();
  Checkpointer(const Checkpointer&) = delete;
  Checkpointer& operator=(const Checkpointer&) = delete;

  // Makes `writer` leave routine checkpoints to this thread.
  static void hand_over_from(Database& writer);

  // Starts the thread once; a stopped checkpointer stays stopped.
  void start();
  // Waits for a pass in progress, never for the interval. Idempotent.
  void stop();
  // Checkpoints completed with every WAL page copied, and WAL restarts forced (for tests).
  uint64_t complete_checkpoints() const;
  uint64_t restarts() const;

 private:
  void run();

  std::string database_path_;
  Database::Sync sync_;
  std::chrono::milliseconds interval_;
  int restart_pages_;
  // Nothing is ever queued: the loop's only input is time. Its close() is the stop signal, so
  // this loop stops by the same rule as the others (concurrency/work_queue.h).
  concurrency::WorkQueue<std::monostate> stop_;
  mutable std::mutex mutex_;  // guards the counters
  uint64_t complete_ = 0;
  uint64_t restarts_ = 0;
  std::thread thread_;
};

}  // namespace exchange::store
