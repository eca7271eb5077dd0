#include "engine/batch_processor.h"

#include <spdlog/spdlog.h>

#include <chrono>
#include <map>
#include <random>

#include "api/messages.h"
#include "engine/refusals.h"
#include "store/loader.h"
#include "store/migrations.h"
#include "text/name_rules.h"

namespace exchange::engine {

namespace {

std::shared_ptr<const messaging::CohortFlags> single_exchange_flags() {
  auto flags = std::make_shared<messaging::CohortFlags>();
  flags->auctions_enabled = true;
  return flags;
}

}  // namespace

BatchProcessor::BatchProcessor(store::Database& db, bool rate_limits,
                               const WriterFactory& make_writer,
                               std::shared_ptr<const messaging::CohortFlags> flags,
                               messaging::CohortId cohort, metrics::CohortSink& metrics)
    : db_(db), flags_(flags ? std::move(flags) : single_exchange_flags()), cohort_(cohort),
      writer_(nullptr), handler_(metrics) {
  const int applied = store::migrate(db_);
  if (applied > 0) spdlog::info("applied {} database migration(s)", applied);
  writer_ = make_writer ? make_writer(db_) : std::make_unique<store::BatchWriter>(db_);
  limits_.set_enabled(rate_limits);
  reload();
}

void BatchProcessor::reload() {
  exchange_ = std::make_unique<Exchange>(std::random_device{}());
  // Names are unique up to case and look-alike characters (issue 13, item 11).
  exchange_->set_name_key(&text::name_key);
  store::load_exchange(db_, *exchange_);
}

Timestamp BatchProcessor::batch_time() {
  const int64_t micros = std::chrono::duration_cast<std::chrono::microseconds>(
                             std::chrono::system_clock::now().time_since_epoch())
                             .count();
  // Transaction times never go backwards, even if the wall clock does.
  last_time_ = Timestamp{std::max(micros, last_time_.micros)};
  return last_time_;
}

BatchProcessor::Result BatchProcessor::process(const std::vector<messaging::Inbound>& batch) {
  store::WriteSet writes;
  api::Publisher publisher(sessions_);
  api::BatchContext ctx{*exchange_, *flags_, sessions_, publisher,
                        limits_,    writes,    batch_time(),
                        api::RateLimiter::Clock::now(), {}, {}, {}, {}, {}, {}};
  // Redeem codes must not be guessable: the OS's cryptographic source (getrandom), not the
  // exchange's seeded generator.
  ctx.random_draw = [] {
    thread_local std::random_device device;  // one sequencer thread per cohort
    return (uint64_t(device()) << 32) | uint64_t(device());
  };
  Result result;
  for (const messaging::Inbound& input : batch) {
    switch (input.kind) {
      case messaging::Inbound::Kind::kLogin:
        handler_.login(ctx, input.session, input.message, input.identity);
        break;
      case messaging::Inbound::Kind::kRequest:
        handler_.handle(ctx, input.session, input.message);
        break;
      case messaging::Inbound::Kind::kClosed:
        handler_.closed(ctx, input.session);
        break;
      case messaging::Inbound::Kind::kProvision:
        handler_.provision(ctx, input.identity);
        break;
      case messaging::Inbound::Kind::kAccountCommand:
        if (input.command) {
          result.finished_commands.emplace_back(input.command,
                                                handler_.account_command(ctx, *input.command));
        }
        break;
    }
  }
  handler_.finish(ctx);  // portfolio reads may rebalance credits: part of this batch
  result.report.inputs = batch.size();
  const auto commit_start = std::chrono::steady_clock::now();
  try {
    writer_->commit(writes, *exchange_);
    result.report.commit_time = std::chrono::steady_clock::now() - commit_start;
  } catch (const std::exception& error) {
    result.report.commit_time = std::chrono::steady_clock::now() - commit_start;
    result.report.committed = false;
    spdlog::error("commit of a batch of {} failed, rolling back: {}", batch.size(), error.what());
    for (auto undo = ctx.undo.rbegin(); undo != ctx.undo.rend(); ++undo) (*undo)();
    publisher.take();  // nothing of this batch happened
    reload();          // throws if even the last commit cannot be read: nothing sane is left
    // The refusals also answer each account command with kFailed.
    result.finished_commands.clear();
    result.outbox = refusals(batch, "The exchange could not save this request; please retry");
    result.committed = false;
    result.report.sessions = sessions_.size();
    return result;
  }
  for (const std::string& line : ctx.log_lines) spdlog::info("cohort {}: {}", cohort_, line);
  result.report.trades = writes.trades.size();
  result.report.transfers = writes.transfers.size();
  result.report.sessions = sessions_.size();
  result.outbox = publisher.take();
  result.outbox.cohort = cohort_;
  result.history = std::move(ctx.history);
  return result;
}

}  // namespace exchange::engine
