#include "api/history_requests.h"

#include <algorithm>

#include "api/hiding.h"
#include "api/handlers.h"
#include "api/wire.h"

namespace exchange::api {
namespace {

void queue_history(const Request& request, HistoryRequest::Kind kind, MarketId id) {
  const Market* market = request.ctx.exchange.visible_market(request.view.requester(), id);
  // The reference reports a missing market under GetFullTradeHistory for both histories.
  if (market == nullptr) {
    return request.fail(
        kind == HistoryRequest::Kind::kPositions ? "GetMarketPositions" : "GetFullTradeHistory",
        Refusal::kMarketNotFound);
  }
  request.ctx.history.push_back(HistoryRequest{kind, request.view.id, request.request_id(), id,
                                               market->hide_account_ids &&
                                                   !request.view.sudo_admin(),
                                               request.view.owned});
}

}  // namespace

void get_full_order_history(const Request& request) {
  queue_history(request, HistoryRequest::Kind::kOrders,
                request.message.get_full_order_history().market_id());
}

void get_full_trade_history(const Request& request) {
  queue_history(request, HistoryRequest::Kind::kTrades,
                request.message.get_full_trade_history().market_id());
}

void get_market_positions(const Request& request) {
  queue_history(request, HistoryRequest::Kind::kPositions,
                request.message.get_market_positions().market_id());
}

websocket_api::ServerMessage answer_history(store::HistoryReader& reader,
                                            const HistoryRequest& request) {
  websocket_api::ServerMessage reply;
  reply.set_request_id(request.request_id);
  if (request.kind == HistoryRequest::Kind::kPositions) {
    auto* positions = reply.mutable_market_positions();
    positions->set_market_id(request.market);
    for (const store::PositionRecord& record : reader.positions(request.market)) {
      auto* row = positions->add_positions();
      // Fix: the reference never hides ids here; we respect the market's hide_account_ids.
      const bool shown = !request.hide_ids || std::binary_search(request.owned.begin(),
                                                                 request.owned.end(),
                                                                 record.account);
      row->set_account_id(shown ? record.account : 0);
      row->set_gross(to_wire(record.bought + record.sold));
      row->set_net(to_wire(record.bought - record.sold - record.redeemed));
      if (!record.bought.is_zero()) {
        row->set_avg_buy_price(to_wire(record.buy_value) / to_wire(record.bought));
      }
      if (!record.sold.is_zero()) {
        row->set_avg_sell_price(to_wire(record.sell_value) / to_wire(record.sold));
      }
    }
    return reply;
  }
  if (request.kind == HistoryRequest::Kind::kOrders) {
    auto* orders = reply.mutable_orders();
    orders->set_market_id(request.market);
    orders->set_hasfullhistory(true);
    for (const store::OrderRecord& record : reader.orders(request.market)) {
      *orders->add_orders() = to_wire(record);
    }
  } else {
    auto* trades = reply.mutable_trades();
    trades->set_market_id(request.market);
    trades->set_hasfullhistory(true);
    for (const Trade& trade : reader.trades(request.market)) *trades->add_trades() = to_wire(trade);
    // Redemptions of the market as a fund (empty for ordinary markets; additions.md 6.3).
    for (const Redemption& done : reader.redemptions(request.market)) {
      *trades->add_redemptions() = to_wire(done);
    }
  }
  if (request.hide_ids) {
    hide_account_ids(reply, [&](int64_t id) {
      return std::binary_search(request.owned.begin(), request.owned.end(), id);
    });
  }
  return reply;
}

}  // namespace exchange::api
