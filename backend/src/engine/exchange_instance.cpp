#include "engine/exchange_instance.h"

#include <utility>
#include <vector>

#include "engine/refusals.h"

namespace exchange::engine {
namespace {

constexpr std::string_view kStopped = "The exchange is not running; please retry later";

InstanceOptions with_metrics(InstanceOptions options) {
  if (!options.metrics) options.metrics = std::make_shared<metrics::NoCohortMetrics>();
  return options;
}

}  // namespace

ExchangeInstance::ExchangeInstance(InstanceOptions options, Deliver deliver)
    : options_(with_metrics(std::move(options))),
      deliver_(std::move(deliver)),
      db_(std::make_unique<store::Database>(options_.database_path,
                                            store::Database::Access::kReadWrite, options_.sync)),
      processor_(*db_, options_.rate_limits, options_.make_writer, options_.flags,
                 options_.cohort, *options_.metrics),
      history_(options_.database_path, deliver_),
      checkpointer_(options_.database_path, options_.sync),
      sequencer_(options_.max_batch, processor_, history_, deliver_, *options_.metrics) {
  // After the processor: it has migrated the database.
  store::Checkpointer::hand_over_from(*db_);
}

ExchangeInstance::~ExchangeInstance() {
  stop();
}

void ExchangeInstance::start() {
  history_.start();
  checkpointer_.start();
  sequencer_.start();
}

void ExchangeInstance::stop() {
  // In the direction data flows: the sequencer's last batches still hand history requests
  // to the history worker.
  sequencer_.stop();
  history_.stop();
  checkpointer_.stop();
}

bool ExchangeInstance::submit(messaging::Inbound input) {
  if (sequencer_.submit(std::move(input))) return true;
  // Refused, so still ours: answer it rather than leave a client waiting.
  std::vector<messaging::Inbound> refused;
  refused.push_back(std::move(input));
  messaging::Outbox outbox = refusals(refused, kStopped);
  if (!outbox.items.empty()) {
    deliver_(std::make_shared<const messaging::Outbox>(std::move(outbox)));
  }
  return false;
}

}  // namespace exchange::engine
