// CreateOrder, CancelOrder and Out (protocol.md 3.3.3-3.3.5).

#include "api/handlers.h"
#include "api/wire.h"
#include "store/record.h"

namespace exchange::api {
namespace {

ServerMessage orders_cancelled(const OrdersCancelled& cancelled, const std::string& request_id) {
  ServerMessage message;
  message.set_request_id(request_id);
  auto* body = message.mutable_orders_cancelled();
  for (const RestingOrder& order : cancelled.orders) body->add_order_ids(order.id);
  body->set_market_id(cancelled.market);
  body->set_transaction_id(cancelled.transaction.id);
  set_timestamp(cancelled.transaction.timestamp, body->mutable_transaction_timestamp());
  return message;
}

}  // namespace

void create_order(const Request& request) {
  const auto& body = request.message.create_order();
  const std::optional<Decimal> price = decimal_from_wire(body.price());
  if (!price) return request.fail(Refusal::kInvalidPrice);
  const std::optional<Decimal> size = decimal_from_wire(body.size());
  if (!size) return request.fail(Refusal::kInvalidSize);
  BatchContext& ctx = request.ctx;
  const PlaceOrder order{body.market_id(), *price, *size, side_from_wire(body.side())};
  Result<OrderPlaced> placed = ctx.exchange.place_order(request.view.requester(), order, ctx.now);
  if (!placed.ok()) return request.fail(placed.error());
  store::record_order_placed(*placed, ctx.writes);

  ServerMessage message;
  message.set_request_id(request.request_id());
  auto* created = message.mutable_order_created();
  created->set_market_id(placed->market);
  created->set_account_id(placed->account);
  if (placed->resting) {
    wire::Order* rest = created->mutable_order();
    *rest = to_wire(placed->market, *placed->resting);
    wire::Size* first = rest->add_sizes();
    first->set_transaction_id(placed->transaction.id);
    first->set_size(to_wire(placed->resting->size));
    set_timestamp(placed->transaction.timestamp, first->mutable_transaction_timestamp());
  }
  for (const Fill& fill : placed->fills) {
    auto* out = created->add_fills();
    out->set_id(fill.resting_id);
    out->set_market_id(placed->market);
    out->set_size_filled(to_wire(fill.filled));
    out->set_size_remaining(to_wire(fill.remaining));
    out->set_price(to_wire(fill.price));
    out->set_side(to_wire(fill.resting_side));
    out->set_owner_id(fill.resting_owner);
    ctx.changed_portfolios.insert(fill.resting_owner);
  }
  for (const Trade& trade : placed->trades) *created->add_trades() = to_wire(trade);
  created->set_transaction_id(placed->transaction.id);
  set_timestamp(placed->transaction.timestamp, created->mutable_transaction_timestamp());
  ctx.changed_portfolios.insert(placed->account);
  ctx.publisher.market_event(*ctx.exchange.market(placed->market), message, request.view.id);
}

void cancel_order(const Request& request) {
  BatchContext& ctx = request.ctx;
  Result<OrdersCancelled> cancelled = ctx.exchange.cancel_order(
      request.view.requester(), request.message.cancel_order().id(), ctx.now);
  if (!cancelled.ok()) return request.fail(cancelled.error());
  store::record_order_cancelled(*cancelled, ctx.writes);
  ctx.changed_portfolios.insert(request.view.acting);
  ctx.publisher.market_event(*ctx.exchange.market(cancelled->market),
                             orders_cancelled(*cancelled, request.request_id()), request.view.id);
}

void out(const Request& request) {
  BatchContext& ctx = request.ctx;
  const auto& body = request.message.out();
  std::optional<MarketId> market;
  if (body.has_market_id()) market = body.market_id();
  std::optional<Side> side;  // none (both sides) also for a side the protocol does not define
  if (body.has_side()) side = side_from_wire(body.side());
  Result<OutDone> done = ctx.exchange.out(request.view.requester(), market, side, ctx.now);
  if (!done.ok()) return request.fail(done.error());
  store::record_out(*done, ctx.writes);

  ServerMessage echo;  // the direct reply comes first, then one OrdersCancelled per market
  echo.set_request_id(request.request_id());
  *echo.mutable_out() = body;
  ctx.publisher.reply(request.view.id, echo);
  for (const OrdersCancelled& cancelled : done->markets) {
    ctx.publisher.market_event(*ctx.exchange.market(cancelled.market),
                               orders_cancelled(cancelled, ""), request.view.id);
  }
  if (!done->markets.empty()) ctx.changed_portfolios.insert(request.view.acting);
}

}  // namespace exchange::api
