#pragma once
// Answers full-history requests on its own thread and read-only database connection, so that
// heavy reads never stall the sequencer.
//
// Every request submitted is answered, with its history or with a RequestFailed if the read
// fails. Stopping follows concurrency/work_queue.h: stop() returns once every request queued
// before it has been answered; a request submitted after stop() is answered on the
// submitting thread.

#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "api/batch_context.h"
#include "concurrency/work_queue.h"
#include "messaging/outbox.h"
#include "store/history_reader.h"

namespace exchange::engine {

class HistoryWorker {
 public:
  using Deliver = std::function<void(std::shared_ptr<const messaging::Outbox>)>;

  HistoryWorker(std::string database_path, Deliver deliver);
  ~HistoryWorker();  // stop()
  HistoryWorker(const HistoryWorker&) = delete;
  HistoryWorker& operator=(const HistoryWorker&) = delete;

  void start();
  // Refuses new requests, answers the queued ones (on the caller's thread if start() was never
  // called), joins. Idempotent; a stopped worker stays stopped.
  void stop();
  // Thread-safe; while running, requests are answered in the order given.
  void submit(std::vector<api::HistoryRequest> requests);

 private:
  void run();
  // Reads with `reader`, opened on first use and dropped after a failed read.
  void answer(std::unique_ptr<store::HistoryReader>& reader, const api::HistoryRequest& request);

  std::string database_path_;
  Deliver deliver_;
  concurrency::WorkQueue<api::HistoryRequest> queue_;
  std::thread thread_;
};

}  // namespace exchange::engine
