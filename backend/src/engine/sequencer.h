#pragma once
// The one thread that owns all mutable exchange state (design.md "Data flow of one order").
// Sessions submit input from any thread; the sequencer takes it in batches, applies each item
// through the request handler, writes the whole batch in one SQLite transaction, and only then
// releases the batch's replies and broadcasts. If the commit fails, every request of the batch
// is answered with a RequestFailed, the in-memory state is rebuilt from the database (the last
// commit) and the server goes on.

#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "engine/batch_processor.h"
#include "engine/history_worker.h"
#include "messaging/inbound.h"
#include "messaging/outbox.h"
#include "store/batch_writer.h"
#include "store/checkpointer.h"
#include "store/database.h"

namespace exchange::engine {

struct SequencerOptions {
  std::string database_path;
  store::Database::Sync sync = store::Database::Sync::kNormal;
  size_t max_batch = 1024;
  bool rate_limits = true;
};

class Sequencer {
 public:
  using Deliver = std::function<void(std::shared_ptr<const messaging::Outbox>)>;

  // Opens and migrates the database and loads the exchange; throws StoreError on failure.
  Sequencer(SequencerOptions options, Deliver deliver);
  ~Sequencer();
  Sequencer(const Sequencer&) = delete;
  Sequencer& operator=(const Sequencer&) = delete;

  void start();
  // Finishes the batch in progress, then stops; later input is dropped.
  void stop();
  // Thread-safe.
  void submit(messaging::Inbound input);
  bool healthy() const { return running_ && store_ok_; }

  // For tests: replaces the writer (e.g. with one that fails on demand). Call before start().
  void set_writer(std::unique_ptr<store::BatchWriter> writer) {
    processor_->set_writer(std::move(writer));
  }
  store::Database& database() { return *db_; }
  // For tests, only while the sequencer is stopped.
  const Exchange& exchange() const { return processor_->exchange(); }

 private:
  void run();
  void process(std::vector<messaging::Inbound>& batch);

  SequencerOptions options_;
  Deliver deliver_;
  std::unique_ptr<store::Database> db_;
  std::unique_ptr<BatchProcessor> processor_;
  HistoryWorker history_;
  store::Checkpointer checkpointer_;

  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<messaging::Inbound> queue_;
  bool stopping_ = false;
  std::atomic<bool> running_{false};
  std::atomic<bool> store_ok_{true};
  std::thread thread_;
};

}  // namespace exchange::engine
