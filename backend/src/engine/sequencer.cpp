#include "engine/sequencer.h"

#include <spdlog/spdlog.h>

namespace exchange::engine {

Sequencer::Sequencer(SequencerOptions options, Deliver deliver)
    : options_(std::move(options)),
      deliver_(std::move(deliver)),
      db_(std::make_unique<store::Database>(options_.database_path,
                                            store::Database::Access::kReadWrite, options_.sync)),
      processor_(std::make_unique<BatchProcessor>(*db_, options_.rate_limits)),
      history_(options_.database_path, deliver_),
      checkpointer_(options_.database_path, options_.sync) {
  store::Checkpointer::hand_over_from(*db_);
}

Sequencer::~Sequencer() { stop(); }

void Sequencer::start() {
  if (thread_.joinable()) return;
  running_ = true;
  history_.start();
  checkpointer_.start();
  thread_ = std::thread([this] { run(); });
}

void Sequencer::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
  running_ = false;
  history_.stop();
  checkpointer_.stop();
}

void Sequencer::submit(messaging::Inbound input) {
  {
    std::lock_guard lock(mutex_);
    if (stopping_) return;
    queue_.push_back(std::move(input));
  }
  wake_.notify_one();
}

void Sequencer::run() {
  std::vector<messaging::Inbound> batch;
  while (true) {
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping with nothing left in progress
      const size_t count = std::min(queue_.size(), options_.max_batch);
      batch.clear();
      for (size_t i = 0; i < count; ++i) {
        batch.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
    }
    process(batch);
    std::lock_guard lock(mutex_);
    if (stopping_) return;
  }
}

void Sequencer::process(std::vector<messaging::Inbound>& batch) {
  BatchProcessor::Result result;
  try {
    result = processor_->process(batch);
  } catch (const std::exception& error) {
    // The database is unreadable: stop serving rather than run on a state we cannot trust.
    spdlog::critical("sequencer stopped: {}", error.what());
    store_ok_ = false;
    running_ = false;
    std::lock_guard lock(mutex_);
    stopping_ = true;
    return;
  }
  store_ok_ = result.committed;
  if (!result.outbox.items.empty()) {
    deliver_(std::make_shared<const messaging::Outbox>(std::move(result.outbox)));
  }
  history_.submit(std::move(result.history));
}

}  // namespace exchange::engine
