#include "engine/history_worker.h"

#include <spdlog/spdlog.h>

#include "api/history_requests.h"
#include "api/messages.h"

namespace exchange::engine {

HistoryWorker::HistoryWorker(std::string database_path, Deliver deliver)
    : database_path_(std::move(database_path)), deliver_(std::move(deliver)) {}

HistoryWorker::~HistoryWorker() { stop(); }

void HistoryWorker::start() {
  if (thread_.joinable()) return;
  stopping_ = false;
  thread_ = std::thread([this] { run(); });
}

void HistoryWorker::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void HistoryWorker::submit(std::vector<api::HistoryRequest> requests) {
  if (requests.empty()) return;
  {
    std::lock_guard lock(mutex_);
    for (auto& request : requests) queue_.push_back(std::move(request));
  }
  wake_.notify_one();
}

void HistoryWorker::run() {
  std::unique_ptr<store::HistoryReader> reader;
  while (true) {
    api::HistoryRequest request;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      if (stopping_) return;
      request = std::move(queue_.front());
      queue_.pop_front();
    }
    websocket_api::ServerMessage reply;
    try {
      if (!reader) reader = std::make_unique<store::HistoryReader>(database_path_);
      reply = api::answer_history(*reader, request);
    } catch (const std::exception& error) {
      spdlog::warn("history read failed: {}", error.what());
      reader.reset();
      const char* kind = request.kind == api::HistoryRequest::Kind::kOrders ? "GetFullOrderHistory"
                         : request.kind == api::HistoryRequest::Kind::kTrades
                             ? "GetFullTradeHistory"
                             : "GetMarketPositions";
      reply = api::request_failed(kind, "Could not read the history, please retry",
                                  request.request_id);
    }
    auto outbox = std::make_shared<messaging::Outbox>();
    outbox->items.emplace_back(messaging::Delivery{
        false, {request.session}, std::make_shared<const std::string>(reply.SerializeAsString())});
    deliver_(std::move(outbox));
  }
}

}  // namespace exchange::engine
