#include "engine/sequencer.h"

#include <spdlog/spdlog.h>

#include <chrono>

#include "api/messages.h"
#include "store/loader.h"
#include "store/migrations.h"

namespace exchange::engine {

Sequencer::Sequencer(SequencerOptions options, Deliver deliver)
    : options_(std::move(options)),
      deliver_(std::move(deliver)),
      db_(std::make_unique<store::Database>(options_.database_path,
                                            store::Database::Access::kReadWrite, options_.sync)),
      history_(options_.database_path, deliver_) {
  const int applied = store::migrate(*db_);
  if (applied > 0) spdlog::info("applied {} database migration(s)", applied);
  writer_ = std::make_unique<store::BatchWriter>(*db_);
  limits_.set_enabled(options_.rate_limits);
  reload();
}

Sequencer::~Sequencer() { stop(); }

void Sequencer::reload() {
  exchange_ = std::make_unique<Exchange>();
  store::load_exchange(*db_, *exchange_);
}

void Sequencer::start() {
  if (thread_.joinable()) return;
  running_ = true;
  history_.start();
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
}

void Sequencer::submit(Inbound input) {
  {
    std::lock_guard lock(mutex_);
    if (stopping_) return;
    queue_.push_back(std::move(input));
  }
  wake_.notify_one();
}

Timestamp Sequencer::batch_time() {
  const int64_t micros = std::chrono::duration_cast<std::chrono::microseconds>(
                             std::chrono::system_clock::now().time_since_epoch())
                             .count();
  // Transaction times never go backwards, even if the wall clock does.
  last_time_ = Timestamp{std::max(micros, last_time_.micros)};
  return last_time_;
}

void Sequencer::run() {
  std::vector<Inbound> batch;
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

void Sequencer::process(std::vector<Inbound>& batch) {
  store::WriteSet writes;
  api::Publisher publisher(sessions_);
  api::BatchContext ctx{*exchange_,   sessions_,
                        publisher,    limits_,
                        writes,       batch_time(),
                        api::RateLimiter::Clock::now(), {}, {}, {}, {}};
  for (const Inbound& input : batch) {
    switch (input.kind) {
      case Inbound::Kind::kLogin:
        handler_.login(ctx, input.session, input.message, input.identity);
        break;
      case Inbound::Kind::kRequest:
        handler_.handle(ctx, input.session, input.message);
        break;
      case Inbound::Kind::kClosed:
        handler_.closed(ctx, input.session);
        break;
    }
  }
  handler_.finish(ctx);  // portfolio reads may rebalance credits: part of this batch
  try {
    writer_->commit(writes, *exchange_);
    store_ok_ = true;
  } catch (const std::exception& error) {
    spdlog::error("commit of a batch of {} failed, rolling back: {}", batch.size(), error.what());
    store_ok_ = false;
    for (auto undo = ctx.undo.rbegin(); undo != ctx.undo.rend(); ++undo) (*undo)();
    publisher.take();  // nothing of this batch happened
    try {
      reload();
    } catch (const std::exception& reload_error) {
      spdlog::critical("cannot reload state from the database: {}", reload_error.what());
      throw;
    }
    fail_batch(batch, publisher);
    deliver_(std::make_shared<const Outbox>(publisher.take()));
    return;
  }
  if (!publisher.empty()) deliver_(std::make_shared<const Outbox>(publisher.take()));
  history_.submit(std::move(ctx.history));
}

void Sequencer::fail_batch(const std::vector<Inbound>& batch, api::Publisher& publisher) {
  constexpr std::string_view kText = "The exchange could not save this request; please retry";
  std::map<SessionId, uint32_t> processed;
  for (const Inbound& input : batch) {
    const std::string& request_id = input.message.request_id();
    if (input.kind == Inbound::Kind::kLogin) {
      publisher.reply(input.session, api::request_failed("Authenticate", kText, request_id));
      publisher.control({input.session, SessionControl::Kind::kLoginFailed, 0, {}});
    } else if (input.kind == Inbound::Kind::kRequest) {
      publisher.reply(input.session, api::request_failed(
                                         api::request_kind(input.message.message_case()), kText,
                                         request_id));
      ++processed[input.session];
    }
  }
  for (const auto& [session, count] : processed) {
    publisher.control({session, SessionControl::Kind::kProcessed, count, {}});
  }
}

}  // namespace exchange::engine
