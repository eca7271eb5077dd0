#pragma once
// Answers full-history requests on its own thread and read-only database connection, so that
// heavy reads never stall the sequencer.

#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "api/batch_context.h"
#include "messaging/outbox.h"

namespace exchange::engine {

class HistoryWorker {
 public:
  using Deliver = std::function<void(std::shared_ptr<const messaging::Outbox>)>;

  HistoryWorker(std::string database_path, Deliver deliver);
  ~HistoryWorker();

  void start();
  void stop();
  // Thread-safe; requests are answered in the order given.
  void submit(std::vector<api::HistoryRequest> requests);

 private:
  void run();

  std::string database_path_;
  Deliver deliver_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<api::HistoryRequest> queue_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace exchange::engine
