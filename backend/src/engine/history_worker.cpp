#include "engine/history_worker.h"

#include <spdlog/spdlog.h>

#include "api/history_requests.h"
#include "api/request_kinds.h"
#include "api/messages.h"

namespace exchange::engine {

HistoryWorker::HistoryWorker(std::string database_path, Deliver deliver)
    : database_path_(std::move(database_path)), deliver_(std::move(deliver)) {}

HistoryWorker::~HistoryWorker() { stop(); }

void HistoryWorker::start() {
  if (thread_.joinable() || queue_.closed()) return;
  thread_ = std::thread([this] { run(); });
}

void HistoryWorker::stop() {
  const bool started = thread_.joinable();
  queue_.close();
  if (started) {
    thread_.join();
  } else {
    run();  // answers what was queued before start(); returns at once when nothing is left
  }
}

void HistoryWorker::submit(std::vector<api::HistoryRequest> requests) {
  std::unique_ptr<store::HistoryReader> reader;  // only for requests a stopped worker refused
  for (api::HistoryRequest& request : requests) {
    // Refused once stopped: the request is still ours, and answered here rather than dropped.
    if (!queue_.push(std::move(request))) answer(reader, request);
  }
}

void HistoryWorker::run() {
  std::unique_ptr<store::HistoryReader> reader;
  // Ends once the queue is closed and every request queued before has been answered.
  while (std::optional<api::HistoryRequest> request = queue_.pop()) answer(reader, *request);
}

void HistoryWorker::answer(std::unique_ptr<store::HistoryReader>& reader,
                           const api::HistoryRequest& request) {
  websocket_api::ServerMessage reply;
  try {
    if (!reader) reader = std::make_unique<store::HistoryReader>(database_path_);
    reply = api::answer_history(*reader, request);
  } catch (const std::exception& error) {
    spdlog::warn("history read failed: {}", error.what());
    reader.reset();
    reply = api::request_failed(api::request_kind(api::message_case_of(request.kind)),
                                "Could not read the history, please retry", request.request_id);
  }
  auto outbox = std::make_shared<messaging::Outbox>();
  outbox->items.emplace_back(messaging::Delivery{
      false, {request.session}, std::make_shared<const std::string>(reply.SerializeAsString())});
  deliver_(std::move(outbox));
}

}  // namespace exchange::engine
