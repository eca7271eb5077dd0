// Placing, cancelling and bulk-cancelling orders (rules.md sections 4, 5 and 6).

#include <algorithm>

#include "core/exchange.h"
#include "core/exposure_change.h"

namespace exchange {
namespace {

// The open-order totals of one side of a row.
struct SideTotals {
  Quantity& size;
  Money& value;
};
SideTotals totals_of(Exposure& row, Side side) {
  if (side == Side::kBid) return {row.bid_size, row.bid_value};
  return {row.offer_size, row.offer_value};
}

// Moves `filled` units of a `side` order at `price` from the open totals into the position.
void fill_into_position(Exposure& row, Side side, Price price, Quantity filled) {
  SideTotals totals = totals_of(row, side);
  totals.size -= filled;
  totals.value -= price * filled;
  row.position += side == Side::kBid ? filled : -filled;
}

}  // namespace

Result<OrderPlaced> Exchange::place_order(const Requester& requester, const PlaceOrder& request,
                                          Timestamp now) {
  if (!request.side) return Error{Refusal::kNoSide};
  const Side side = *request.side;
  const std::optional<Price> price = request.price.to_fixed<Price>();
  if (!price || request.price.positive_coefficient_above(kCoefficientCap)) {
    return Error{Refusal::kInvalidPrice};
  }
  const std::optional<Quantity> size = request.size.to_fixed<Quantity>();
  if (!size || request.size.negative || request.size.is_zero() ||
      request.size.magnitude_above(kCoefficientCap)) {
    return Error{Refusal::kInvalidSize};
  }
  MarketState* state = visible_state(requester, request.market);
  if (state == nullptr) return Error{Refusal::kMarketNotFound};
  const Market& m = state->market;
  if (m.universe != universe_of(requester.acting)) return Error{Refusal::kMarketInOtherUniverse};
  if (m.is_settled()) return Error{Refusal::kMarketAlreadySettled};
  if (m.status != MarketStatus::kOpen) return Error{Refusal::kMarketPaused};
  if (*price < m.min_settlement || *price > m.max_settlement) {
    return Error{Refusal::kInvalidPrice};
  }
  Account* trader = mutable_account(requester.acting);
  if (trader == nullptr) return Error{Refusal::kAccountNotFound};

  // Funds check (rules.md 4.3): the whole order reserved at its limit, before matching.
  Exposure row;
  if (auto it = trader->exposures.find(m.id); it != trader->exposures.end()) row = it->second;
  const Money worst_before = worst_case(row, m.min_settlement, m.max_settlement);
  SideTotals reserved = totals_of(row, side);
  reserved.size += *size;
  reserved.value += *price * *size;
  const Money worst_after = worst_case(row, m.min_settlement, m.max_settlement);
  if (trader->available_balance() - worst_before + worst_after < Money{}) {
    return Error{Refusal::kInsufficientFunds};
  }

  Result<OrderPlaced> outcome(std::in_place);
  OrderPlaced& placed = outcome.value();
  placed.transaction = next_transaction(now);
  placed.market = m.id;
  placed.account = trader->id;
  placed.side = side;
  placed.price = *price;
  placed.size = *size;

  const Quantity left = state->book.match(side, *price, *size, placed.fills);
  if (!left.is_zero()) {
    const RestingOrder rest{counters_.next_order++, trader->id, placed.transaction.id, side,
                            *price, left, placed.transaction.timestamp};
    state->book.insert(rest);
    order_markets_.set(rest.id, m.id);
    placed.resting = rest;
  }

  const Quantity filled = *size - left;
  change_exposure(*trader, *state, [&](Exposure& own) {
    SideTotals totals = totals_of(own, side);
    totals.size += *size;
    totals.value += *price * *size;
    fill_into_position(own, side, *price, filled);
  });

  Money taker_cash;  // the incoming account's cash moves once, after all fills
  for (const Fill& fill : placed.fills) {
    if (fill.remaining.is_zero()) order_markets_.erase(fill.resting_id);
    Account& resting_owner = *mutable_account(fill.resting_owner);
    change_exposure(resting_owner, *state, [&](Exposure& theirs) {
      fill_into_position(theirs, fill.resting_side, fill.price, fill.filled);
    });
    if (fill.resting_owner == trader->id) continue;  // self-fill: no trade, no cash

    const bool buyer_is_taker = side == Side::kBid;
    const Money value = fill.price * fill.filled;
    placed.trades.push_back(Trade{counters_.next_trade++, m.id,
                                  buyer_is_taker ? trader->id : fill.resting_owner,
                                  buyer_is_taker ? fill.resting_owner : trader->id, fill.price,
                                  fill.filled, buyer_is_taker, placed.transaction});
    note_traded(*trader, m.id);
    note_traded(resting_owner, m.id);
    resting_owner.balance += buyer_is_taker ? value : -value;
    taker_cash += buyer_is_taker ? -value : value;
  }
  trader->balance += taker_cash;
  if (!placed.trades.empty()) state->last_trade = placed.trades.back();  // the highest id
  if (m.is_option()) write_option_contracts(placed);  // options.md 3.2
  return outcome;
}

Result<OrdersCancelled> Exchange::cancel_order(const Requester& requester, OrderId id,
                                               Timestamp now) {
  const AccountId acting = requester.acting;
  const MarketId* market_id = order_markets_.find(id);
  if (market_id == nullptr) return Error{Refusal::kOrderNotFound};
  MarketState* state = mutable_market(*market_id);
  if (state == nullptr) return Error{Refusal::kMarketNotFound};
  // The orders of a market the requester may not see are as missing as the market.
  if (!requester.sees(state->market)) return Error{Refusal::kOrderNotFound};
  const std::optional<RestingOrder> order = state->book.find(id);
  if (!order) return Error{Refusal::kOrderNotFound};
  if (order->owner != acting) return Error{Refusal::kNotOrderOwner};
  if (state->market.status == MarketStatus::kPaused) {
    return Error{Refusal::kMarketPaused};
  }

  OrdersCancelled cancelled;
  cancelled.transaction = next_transaction(now);
  cancelled.market = state->market.id;
  const RestingOrder removed = *state->book.cancel(id);
  order_markets_.erase(id);
  change_exposure(*mutable_account(removed.owner), *state, [&](Exposure& row) {
    SideTotals totals = totals_of(row, removed.side);
    totals.size -= removed.size;
    totals.value -= removed.price * removed.size;
  });
  cancelled.orders.push_back(removed);
  return cancelled;
}

Result<OutDone> Exchange::out(const Requester& requester, std::optional<MarketId> market,
                              std::optional<Side> only, Timestamp now) {
  const AccountId acting = requester.acting;
  std::vector<MarketState*> targets;
  if (market) {
    MarketState* state = visible_state(requester, *market);
    if (state == nullptr) return Error{Refusal::kMarketNotFound};
    if (state->market.status == MarketStatus::kPaused) return Error{Refusal::kMarketPaused};
    targets.push_back(state);
  }
  Account* trader = mutable_account(acting);
  OutDone done;
  done.transaction = next_transaction(now);  // taken even when nothing is cancelled
  if (trader == nullptr) return done;
  if (!market) {
    // Every market where A has live orders (they all have a row), skipping paused ones; A's
    // own orders are cancelled even where the requester no longer sees the market.
    for (const auto& [market_id, row] : trader->exposures) {
      MarketState* state = mutable_market(market_id);
      if (state->market.status != MarketStatus::kPaused && state->book.has_orders_of(acting)) {
        targets.push_back(state);
      }
    }
  }
  for (MarketState* state : targets) {
    OrdersCancelled cancelled;
    cancelled.transaction = done.transaction;
    cancelled.market = state->market.id;
    state->book.cancel_owner(acting, only, cancelled.orders);
    if (cancelled.orders.empty()) continue;
    for (const RestingOrder& order : cancelled.orders) order_markets_.erase(order.id);
    change_exposure(*trader, *state, [&](Exposure& row) {
      if (!only || *only == Side::kBid) row.bid_size = Quantity{}, row.bid_value = Money{};
      if (!only || *only == Side::kOffer) row.offer_size = Quantity{}, row.offer_value = Money{};
    });
    done.markets.push_back(std::move(cancelled));
  }
  return done;
}

}  // namespace exchange
