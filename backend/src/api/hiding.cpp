#include "api/hiding.h"

#include <algorithm>

namespace exchange::api {
namespace {

int64_t shown(int64_t id, const KeepId& keep) { return keep(id) ? id : 0; }

void hide_trade(websocket_api::Trade& trade, const KeepId& keep) {
  trade.set_buyer_id(shown(trade.buyer_id(), keep));
  trade.set_seller_id(shown(trade.seller_id(), keep));
}

}  // namespace

void hide_account_ids(websocket_api::ServerMessage& message, const KeepId& keep) {
  switch (message.message_case()) {
    case websocket_api::ServerMessage::kOrderCreated: {
      websocket_api::OrderCreated& created = *message.mutable_order_created();
      created.set_account_id(shown(created.account_id(), keep));
      if (created.has_order()) {
        created.mutable_order()->set_owner_id(shown(created.order().owner_id(), keep));
      }
      for (auto& fill : *created.mutable_fills()) fill.set_owner_id(shown(fill.owner_id(), keep));
      for (auto& trade : *created.mutable_trades()) hide_trade(trade, keep);
      break;
    }
    case websocket_api::ServerMessage::kOrders:
      for (auto& order : *message.mutable_orders()->mutable_orders()) {
        order.set_owner_id(shown(order.owner_id(), keep));
      }
      break;
    case websocket_api::ServerMessage::kTrades:
      for (auto& trade : *message.mutable_trades()->mutable_trades()) hide_trade(trade, keep);
      break;
    case websocket_api::ServerMessage::kRedeemed: {
      websocket_api::Redeemed& redeemed = *message.mutable_redeemed();
      redeemed.set_account_id(shown(redeemed.account_id(), keep));
      break;
    }
    default:
      break;
  }
}

}  // namespace exchange::api

namespace exchange::api {

std::vector<int64_t> hideable_account_ids(const websocket_api::ServerMessage& message) {
  std::vector<int64_t> ids;
  // Collect by running the hider with a predicate that records and keeps everything.
  websocket_api::ServerMessage copy = message;
  hide_account_ids(copy, [&](int64_t id) {
    if (id != 0) ids.push_back(id);
    return true;
  });
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  return ids;
}

}  // namespace exchange::api
