#pragma once
// Applies one batch of session input to the exchange and commits it: the sequencer's work
// without the thread. Every request of the batch is answered from the returned outbox; if the
// commit fails, that outbox holds only RequestFailed replies and the in-memory state has been
// rebuilt from the database (the last commit).

#include <memory>
#include <vector>

#include "api/rate_limiter.h"
#include "api/request_handler.h"
#include "api/session_registry.h"
#include "core/exchange.h"
#include "messaging/inbound.h"
#include "messaging/outbox.h"
#include "store/batch_writer.h"
#include "store/database.h"

namespace exchange::engine {

class BatchProcessor {
 public:
  // Migrates the database and loads the exchange from it; throws StoreError on failure.
  BatchProcessor(store::Database& db, bool rate_limits);

  struct Result {
    messaging::Outbox outbox;
    std::vector<api::HistoryRequest> history;  // to answer from a read connection
    bool committed = true;
  };
  Result process(const std::vector<messaging::Inbound>& batch);

  void set_writer(std::unique_ptr<store::BatchWriter> writer) { writer_ = std::move(writer); }
  const Exchange& exchange() const { return *exchange_; }

 private:
  void reload();
  void fail_batch(const std::vector<messaging::Inbound>& batch, api::Publisher& publisher);
  Timestamp batch_time();

  store::Database& db_;
  std::unique_ptr<store::BatchWriter> writer_;
  std::unique_ptr<Exchange> exchange_;
  api::SessionRegistry sessions_;
  api::RateLimiter limits_;
  api::RequestHandler handler_;
  Timestamp last_time_;
};

}  // namespace exchange::engine
