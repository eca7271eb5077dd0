#pragma once
// One exchange instance (design.md "Cohorts: one exchange instance each"): the database, the
// exchange state with its session registry and rate limits (BatchProcessor), the sequencer
// thread that applies input in batches and publishes each committed batch, the history worker
// and the background checkpointer, as one object.
//
// Edges: input comes in through submit() from any thread; everything the instance says goes
// out through the one `deliver` callback, called from the instance's own threads (and from a
// submitting thread, for input refused after stop()). Nothing in it is process-global, so
// several instances, each with its own SQLite file and threads, may run in one process.
//
// Life: constructed (database opened, migrated, loaded) -> start() -> stop() (final).
// stop() refuses new input, processes everything submitted before it, answers the history
// requests that produced, then stops the checkpointer; every login or request ever submitted
// gets an answer.

#include <cstddef>
#include <functional>
#include <memory>
#include <string>

#include "core/exchange.h"
#include "engine/batch_processor.h"
#include "engine/history_worker.h"
#include "engine/sequencer.h"
#include "messaging/inbound.h"
#include "messaging/outbox.h"
#include "metrics/cohort_sink.h"
#include "store/checkpointer.h"
#include "store/database.h"

namespace exchange::engine {

struct InstanceOptions {
  std::string database_path;
  store::Database::Sync sync = store::Database::Sync::kNormal;
  size_t max_batch = 1024;  // inputs applied and committed together at most
  bool rate_limits = true;
  messaging::CohortId cohort = 0;  // stamped on every outbox (see messaging::Outbox)
  // The cohort's switches, shared with whoever changes them; nullptr: writable, auctions on.
  std::shared_ptr<const messaging::CohortFlags> flags;
  // Test seam (see WriterFactory); empty: the real store::BatchWriter.
  WriterFactory make_writer;
  // Where the sequencer counts requests and batches; nullptr: nowhere.
  std::shared_ptr<metrics::CohortSink> metrics;
};

class ExchangeInstance {
 public:
  using Deliver = std::function<void(std::shared_ptr<const messaging::Outbox>)>;

  // Opens, migrates and loads the database; throws StoreError on failure. `deliver` must be
  // thread-safe and outlive the instance.
  ExchangeInstance(InstanceOptions options, Deliver deliver);
  ~ExchangeInstance();  // stop()
  ExchangeInstance(const ExchangeInstance&) = delete;
  ExchangeInstance& operator=(const ExchangeInstance&) = delete;

  void start();
  void stop();  // idempotent
  // Thread-safe. False once stopped (or stopped by a fatal store error): the input was not
  // queued, and a login or request has been answered with a RequestFailed already.
  bool submit(messaging::Inbound input);
  // Running, and the last batch committed.
  bool healthy() const { return sequencer_.healthy(); }

  // For tests, only while the instance is stopped (or not yet started).
  const Exchange& exchange() const { return processor_.exchange(); }

 private:
  InstanceOptions options_;  // options_.metrics is never null once constructed
  Deliver deliver_;
  // Destroyed in reverse order: the threads (sequencer, history, checkpointer) before the
  // state they use.
  std::unique_ptr<store::Database> db_;
  BatchProcessor processor_;
  HistoryWorker history_;
  store::Checkpointer checkpointer_;
  Sequencer sequencer_;
};

}  // namespace exchange::engine
