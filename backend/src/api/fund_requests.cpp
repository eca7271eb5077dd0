// Redeem (protocol.md 3.3.13).

#include "api/handlers.h"
#include "api/wire.h"
#include "store/record.h"

namespace exchange::api {

void redeem(const Request& request) {
  const auto& body = request.message.redeem();
  const std::optional<Decimal> amount = decimal_from_wire(body.amount());
  if (!amount) return request.fail(Refusal::kInvalidAmount);
  BatchContext& ctx = request.ctx;
  Result<Redemption> done =
      ctx.exchange.redeem(request.view.requester(), body.fund_id(), *amount, ctx.now);
  if (!done.ok()) return request.fail(done.error());
  store::record_redemption(*done, ctx.writes);
  ctx.changed_portfolios.insert(done->account);
  ServerMessage message;
  message.set_request_id(request.request_id());
  *message.mutable_redeemed() = to_wire(*done);
  ctx.publisher.market_event(*ctx.exchange.market(done->fund), message, request.view.id);
}

}  // namespace exchange::api
