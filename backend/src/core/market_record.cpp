// What the exchange remembers of each market's past for its snapshots: the status log and the
// last trade (additions.md 5 and 6.4). Both are small per market, so a login reads them from
// memory instead of scanning the history tables.

#include "core/exchange.h"

namespace exchange {

const std::vector<MarketStatusChange>& Exchange::status_log(MarketId id) const {
  static const std::vector<MarketStatusChange> kNone;
  const auto* state = markets_.find(id);
  return state == nullptr ? kNone : (*state)->status_log;
}

const Trade* Exchange::last_trade(MarketId id) const {
  const auto* state = markets_.find(id);
  if (state == nullptr || !(*state)->last_trade) return nullptr;
  return &*(*state)->last_trade;
}

void Exchange::restore_status_change(MarketId market, MarketStatusChange change) {
  if (MarketState* state = mutable_market(market)) state->status_log.push_back(change);
}

void Exchange::restore_last_trade(const Trade& trade) {
  MarketState* state = mutable_market(trade.market);
  if (state == nullptr) return;
  if (!state->last_trade || state->last_trade->id < trade.id) state->last_trade = trade;
}

}  // namespace exchange
