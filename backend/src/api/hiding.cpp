#include "api/hiding.h"

#include <algorithm>
#include <type_traits>

namespace exchange::api {
namespace {

namespace wire = websocket_api;

// The one walk over every account id a hideable payload carries. `Message` is either const
// (ids are only read: `visit(id)`'s result is ignored) or mutable (each id is replaced by what
// `visit(id)` returns). Hiding and id collection both use it, so a new hideable field is added
// in one place.
template <class Visit>
class IdWalk {
 public:
  explicit IdWalk(Visit& visit) : visit_(visit) {}

  template <class Holder, class Plain = std::remove_const_t<Holder>>
  void id(Holder& holder, int64_t (Plain::*get)() const, void (Plain::*set)(int64_t)) {
    const int64_t shown = visit_((holder.*get)());
    if constexpr (!std::is_const_v<Holder>) (holder.*set)(shown);
  }

  // Each element of a repeated field, const or mutable like the message.
  template <class Holder, class Each, class Plain = std::remove_const_t<Holder>, class Items>
  void each(Holder& holder, const Items& (Plain::*get)() const, Items* (Plain::*mutable_get)(),
            Each&& each_item) {
    if constexpr (std::is_const_v<Holder>) {
      for (const auto& item : (holder.*get)()) each_item(item);
    } else {
      for (auto& item : *(holder.*mutable_get)()) each_item(item);
    }
  }

  template <class Trade>
  void trade(Trade& trade) {
    id(trade, &wire::Trade::buyer_id, &wire::Trade::set_buyer_id);
    id(trade, &wire::Trade::seller_id, &wire::Trade::set_seller_id);
  }

 private:
  Visit& visit_;
};

// A sub-message, const or mutable like its holder.
template <class Part, class Holder, class Plain = std::remove_const_t<Holder>>
auto& part(Holder& holder, const Part& (Plain::*get)() const, Part* (Plain::*mutable_get)()) {
  if constexpr (std::is_const_v<Holder>) {
    return (holder.*get)();
  } else {
    return *(holder.*mutable_get)();
  }
}

template <class Message, class Visit>
void walk_account_ids(Message& message, Visit&& visit) {
  IdWalk<std::remove_reference_t<Visit>> walk(visit);
  auto trade = [&](auto& each) { walk.trade(each); };
  switch (message.message_case()) {
    case wire::ServerMessage::kOrderCreated: {
      auto& created = part(message, &wire::ServerMessage::order_created,
                           &wire::ServerMessage::mutable_order_created);
      walk.id(created, &wire::OrderCreated::account_id, &wire::OrderCreated::set_account_id);
      if (created.has_order()) {
        auto& order = part(created, &wire::OrderCreated::order, &wire::OrderCreated::mutable_order);
        walk.id(order, &wire::Order::owner_id, &wire::Order::set_owner_id);
      }
      walk.each(created, &wire::OrderCreated::fills, &wire::OrderCreated::mutable_fills,
                [&](auto& fill) {
                  walk.id(fill, &wire::OrderCreated::OrderFill::owner_id,
                          &wire::OrderCreated::OrderFill::set_owner_id);
                });
      walk.each(created, &wire::OrderCreated::trades, &wire::OrderCreated::mutable_trades, trade);
      break;
    }
    case wire::ServerMessage::kOrders: {
      auto& orders = part(message, &wire::ServerMessage::orders, &wire::ServerMessage::mutable_orders);
      walk.each(orders, &wire::Orders::orders, &wire::Orders::mutable_orders, [&](auto& order) {
        walk.id(order, &wire::Order::owner_id, &wire::Order::set_owner_id);
      });
      break;
    }
    case wire::ServerMessage::kTrades: {
      auto& trades = part(message, &wire::ServerMessage::trades, &wire::ServerMessage::mutable_trades);
      walk.each(trades, &wire::Trades::trades, &wire::Trades::mutable_trades, trade);
      walk.each(trades, &wire::Trades::redemptions, &wire::Trades::mutable_redemptions,
                [&](auto& redeemed) {
                  walk.id(redeemed, &wire::Redeemed::account_id, &wire::Redeemed::set_account_id);
                });
      break;
    }
    case wire::ServerMessage::kRedeemed: {
      auto& redeemed =
          part(message, &wire::ServerMessage::redeemed, &wire::ServerMessage::mutable_redeemed);
      walk.id(redeemed, &wire::Redeemed::account_id, &wire::Redeemed::set_account_id);
      break;
    }
    default:
      break;
  }
}

}  // namespace

void hide_account_ids(websocket_api::ServerMessage& message, const KeepId& keep) {
  walk_account_ids(message, [&](int64_t id) { return keep(id) ? id : 0; });
}

std::vector<int64_t> hideable_account_ids(const websocket_api::ServerMessage& message) {
  std::vector<int64_t> ids;
  walk_account_ids(message, [&](int64_t id) {
    if (id != 0) ids.push_back(id);
    return id;
  });
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  return ids;
}

}  // namespace exchange::api
