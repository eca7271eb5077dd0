// CreateMarketType, DeleteMarketType and CreateMarketGroup (protocol.md 3.3.20-3.3.22). Their
// sudo-admin check comes before the rate limit.

#include "api/input_checks.h"
#include "api/input_limits.h"
#include "api/handlers.h"
#include "api/wire.h"
#include "store/record.h"

namespace exchange::api {

void create_market_type(const Request& request) {
  constexpr std::string_view kKind = "CreateMarketType";
  if (!request.require_sudo_admin(kKind) || !request.take_rate(RateClass::kExpensive, kKind)) {
    return;
  }
  const auto& body = request.message.create_market_type();
  std::string name;
  if (!check_name(request, kKind, "Category name", body.name(), name) ||
      !check_text(request, kKind, "Description", body.description(), kMaxDescriptionChars)) {
    return;
  }
  BatchContext& ctx = request.ctx;
  Result<MarketType> created =
      ctx.exchange.create_market_type(name, body.description(), body.public_());
  if (!created.ok()) return request.fail(created.error());
  ctx.writes.new_market_types.push_back(created->id);
  ServerMessage message;
  message.set_request_id(request.request_id());
  *message.mutable_market_type() = to_wire(*created);
  ctx.publisher.to_everyone(message);
}

void delete_market_type(const Request& request) {
  constexpr std::string_view kKind = "DeleteMarketType";
  if (!request.require_sudo_admin(kKind) || !request.take_rate(RateClass::kExpensive, kKind)) {
    return;
  }
  BatchContext& ctx = request.ctx;
  Result<MarketTypeDeleted> deleted =
      ctx.exchange.delete_market_type(request.message.delete_market_type().market_type_id());
  if (!deleted.ok()) return request.fail(deleted.error());
  ServerMessage message;
  message.set_request_id(request.request_id());
  message.mutable_market_type_deleted()->set_market_type_id(deleted->deleted);
  ctx.publisher.to_everyone(message);
  // Fix: the reference publishes nothing for the markets it moves; clients would keep showing
  // a category that no longer exists, so we re-publish each moved market.
  for (MarketId moved : deleted->moved_markets) {
    const Market& market = *ctx.exchange.market(moved);
    store::record_market_edited(market, ctx.writes);
    ServerMessage update;
    *update.mutable_market() = to_wire(market);
    ctx.publisher.market_event(market, update);
  }
  // The same for the groups it moves (additions.md 8.5; the reference publishes none). Stored
  // before the category is deleted: the writer handles groups before deletions.
  for (MarketGroupId moved : deleted->moved_groups) {
    ctx.writes.new_market_groups.push_back(moved);
    ServerMessage update;
    *update.mutable_market_group() = to_wire(*ctx.exchange.market_group(moved));
    ctx.publisher.to_everyone(update);
  }
  ctx.writes.deleted_market_types.push_back(deleted->deleted);
}

void create_market_group(const Request& request) {
  constexpr std::string_view kKind = "CreateMarketGroup";
  if (!request.require_sudo_admin(kKind) || !request.take_rate(RateClass::kExpensive, kKind)) {
    return;
  }
  const auto& body = request.message.create_market_group();
  std::string name;
  if (!check_name(request, kKind, "Group name", body.name(), name) ||
      !check_text(request, kKind, "Description", body.description(), kMaxDescriptionChars)) {
    return;
  }
  BatchContext& ctx = request.ctx;
  Result<MarketGroup> created =
      ctx.exchange.create_market_group(name, body.description(), body.type_id());
  if (!created.ok()) return request.fail(created.error());
  ctx.writes.new_market_groups.push_back(created->id);
  ServerMessage message;
  message.set_request_id(request.request_id());
  *message.mutable_market_group() = to_wire(*created);
  ctx.publisher.to_everyone(message);
}

}  // namespace exchange::api
