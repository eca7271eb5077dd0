#pragma once
// The one thread that owns all mutable exchange state (design.md "Data flow of one order"):
// the thread loop of an ExchangeInstance. Sessions submit input from any thread; the sequencer
// takes it in batches of up to max_batch, hands each batch to the BatchProcessor (apply,
// commit), and only then releases the batch's replies and broadcasts and passes its history
// requests on to the HistoryWorker.
//
// Stopping follows concurrency/work_queue.h: stop() refuses new input and returns once
// everything queued before it has been processed. If the database becomes unreadable the
// sequencer stops by itself; what was still queued is answered with RequestFailed.

#include <atomic>
#include <cstddef>
#include <functional>
#include <memory>
#include <thread>
#include <vector>

#include "concurrency/work_queue.h"
#include "engine/batch_processor.h"
#include "engine/history_worker.h"
#include "messaging/inbound.h"
#include "messaging/outbox.h"
#include "metrics/cohort_sink.h"

namespace exchange::engine {

class Sequencer {
 public:
  using Deliver = std::function<void(std::shared_ptr<const messaging::Outbox>)>;

  // `processor`, `history` and `metrics` outlive the sequencer; from start() on only its thread
  // calls `processor` and `metrics` (one BatchReport per batch).
  Sequencer(size_t max_batch, BatchProcessor& processor, HistoryWorker& history, Deliver deliver,
            metrics::CohortSink& metrics = metrics::no_cohort_metrics());
  ~Sequencer();  // stop()
  Sequencer(const Sequencer&) = delete;
  Sequencer& operator=(const Sequencer&) = delete;

  void start();
  // Refuses new input, processes what was queued (on the caller's thread if start() was never
  // called), joins. Idempotent; a stopped sequencer stays stopped.
  void stop();
  // Thread-safe. False once stopping or stopped: `input` was not queued and is left intact,
  // for the caller to answer.
  [[nodiscard]] bool submit(messaging::Inbound&& input);
  // Running, and the last batch committed.
  bool healthy() const { return running_ && store_ok_; }

 private:
  void run();
  // False on a fatal store error.
  bool process(std::vector<messaging::Inbound>& batch);

  const size_t max_batch_;
  BatchProcessor& processor_;
  HistoryWorker& history_;
  Deliver deliver_;
  metrics::CohortSink& metrics_;
  concurrency::WorkQueue<messaging::Inbound> queue_;
  std::atomic<bool> running_{false};
  std::atomic<bool> store_ok_{true};
  std::thread thread_;
};

}  // namespace exchange::engine
