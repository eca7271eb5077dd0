#pragma once
// Applies one batch of session input to the exchange and commits it: the sequencer's work
// without the thread. Every request of the batch is answered from the returned outbox; if the
// commit fails, that outbox holds only RequestFailed replies and the in-memory state has been
// rebuilt from the database (the last commit).

#include <functional>
#include <memory>
#include <vector>

#include "api/rate_limiter.h"
#include "api/request_handler.h"
#include "api/session_registry.h"
#include "core/exchange.h"
#include "messaging/cohort_flags.h"
#include "messaging/inbound.h"
#include "messaging/outbox.h"
#include "metrics/cohort_sink.h"
#include "store/batch_writer.h"
#include "store/database.h"

namespace exchange::engine {

// Builds the writer that commits each batch, once the database is migrated. A test seam: a
// writer that fails on demand exercises the commit-failure path.
using WriterFactory = std::function<std::unique_ptr<store::BatchWriter>(store::Database&)>;

class BatchProcessor {
 public:
  // Migrates the database and loads the exchange from it; throws StoreError on failure.
  // Without `make_writer`, batches are committed by a store::BatchWriter. Without `flags`, the
  // cohort is writable with auctions enabled (a single-exchange server's behaviour). Each
  // login and request is counted in `metrics`, which outlives the processor.
  BatchProcessor(store::Database& db, bool rate_limits, const WriterFactory& make_writer = {},
                 std::shared_ptr<const messaging::CohortFlags> flags = nullptr,
                 messaging::CohortId cohort = 0,
                 metrics::CohortSink& metrics = metrics::no_cohort_metrics());

  struct Result {
    messaging::Outbox outbox;
    std::vector<api::HistoryRequest> history;  // to answer from a read connection
    // Account commands of the batch with their results: answered once the batch committed.
    std::vector<std::pair<std::shared_ptr<messaging::AccountCommand>,
                          messaging::AccountCommandResult>>
        finished_commands;
    bool committed = true;
    // For metrics: the batch's size, commit time and committed rows (`queued` is left to the
    // sequencer, which owns the queue).
    metrics::BatchReport report;
  };
  Result process(const std::vector<messaging::Inbound>& batch);

  // For tests, only while no batch is being processed.
  const Exchange& exchange() const { return *exchange_; }

 private:
  void reload();
  Timestamp batch_time();

  store::Database& db_;
  std::shared_ptr<const messaging::CohortFlags> flags_;
  messaging::CohortId cohort_;
  std::unique_ptr<store::BatchWriter> writer_;
  std::unique_ptr<Exchange> exchange_;
  api::SessionRegistry sessions_;
  api::RateLimiter limits_;
  api::RequestHandler handler_;
  Timestamp last_time_;
};

}  // namespace exchange::engine
