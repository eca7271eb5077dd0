#include "api/market_records.h"

#include "api/hiding.h"
#include "api/wire.h"

namespace exchange::api {

websocket_api::ServerMessage status_changes_message(const Exchange& exchange, MarketId market) {
  websocket_api::ServerMessage message;
  auto* log = message.mutable_market_status_changes();
  log->set_market_id(market);
  for (const MarketStatusChange& change : exchange.status_log(market)) {
    auto* entry = log->add_changes();
    entry->set_status(websocket_api::MarketStatus(int(change.status)));
    entry->set_transaction_id(change.transaction.id);
    set_timestamp(change.transaction.timestamp, entry->mutable_transaction_timestamp());
  }
  return message;
}

websocket_api::ServerMessage snapshot_trades_message(const Exchange& exchange,
                                                     const Market& market,
                                                     const SessionView& view) {
  websocket_api::ServerMessage trades;
  auto* list = trades.mutable_trades();
  list->set_market_id(market.id);
  list->set_hasfullhistory(false);
  if (const Trade* last = exchange.last_trade(market.id)) *list->add_trades() = to_wire(*last);
  if (market.hide_account_ids && !view.sudo_admin()) {
    hide_account_ids(trades, [&](int64_t id) { return view.owns(id); });
  }
  return trades;
}

}  // namespace exchange::api
