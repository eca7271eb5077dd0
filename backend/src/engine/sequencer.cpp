#include "engine/sequencer.h"

#include <spdlog/spdlog.h>

#include "engine/refusals.h"

namespace exchange::engine {
namespace {

constexpr std::string_view kUnavailable = "The exchange is unavailable; please retry later";

}  // namespace

Sequencer::Sequencer(size_t max_batch, BatchProcessor& processor, HistoryWorker& history,
                     Deliver deliver, metrics::CohortSink& metrics)
    : max_batch_(max_batch),
      processor_(processor),
      history_(history),
      deliver_(std::move(deliver)),
      metrics_(metrics) {}

Sequencer::~Sequencer() {
  stop();
}

void Sequencer::start() {
  if (thread_.joinable() || queue_.closed()) return;
  running_ = true;
  thread_ = std::thread([this] { run(); });
}

void Sequencer::stop() {
  const bool started = thread_.joinable();
  queue_.close();
  if (started) {
    thread_.join();
  } else {
    run();  // drains what was queued before start(); returns at once when nothing is left
  }
  running_ = false;
}

bool Sequencer::submit(messaging::Inbound&& input) {
  return queue_.push(std::move(input));
}

void Sequencer::run() {
  std::vector<messaging::Inbound> batch;
  for (;;) {
    queue_.pop_batch(batch, max_batch_);
    if (batch.empty()) return;  // closed, and everything queued before has been processed
    if (!process(batch)) return;
  }
}

bool Sequencer::process(std::vector<messaging::Inbound>& batch) {
  // Sampled once per batch: what waited when it was taken (its own inputs included).
  const size_t queued = batch.size() + queue_.size();
  BatchProcessor::Result result;
  try {
    result = processor_.process(batch);
  } catch (const std::exception& error) {
    // The database is unreadable: stop serving rather than run on a state we cannot trust.
    // This batch and whatever waits behind it are answered, and later input is refused.
    spdlog::critical("sequencer stopped: {}", error.what());
    store_ok_ = false;
    running_ = false;
    for (messaging::Inbound& input : queue_.close_and_take()) batch.push_back(std::move(input));
    deliver_(std::make_shared<const messaging::Outbox>(refusals(batch, kUnavailable)));
    return false;
  }
  store_ok_ = result.committed;
  result.report.queued = queued;
  metrics_.batch(result.report);
  if (!result.outbox.items.empty()) {
    deliver_(std::make_shared<const messaging::Outbox>(std::move(result.outbox)));
  }
  history_.submit(std::move(result.history));
  // After the commit and after the sessions' replies: the HTTP caller may answer 200 now.
  for (auto& [command, outcome] : result.finished_commands) command->done.set_value(outcome);
  return true;
}

}  // namespace exchange::engine
