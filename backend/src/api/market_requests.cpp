// CreateMarket, EditMarket and SettleMarket (protocol.md 3.3.1, 3.3.2, 3.3.17).

#include "api/input_checks.h"
#include "api/input_limits.h"
#include "api/market_records.h"
#include "api/handlers.h"
#include "api/wire.h"
#include "store/record.h"

namespace exchange::api {
namespace {

ServerMessage settled_message(const MarketSettled& settled, const std::string& request_id) {
  ServerMessage message;
  message.set_request_id(request_id);
  auto* body = message.mutable_market_settled();
  body->set_id(settled.market);
  body->set_settle_price(to_wire(settled.price));
  body->set_transaction_id(settled.transaction.id);
  set_timestamp(settled.transaction.timestamp, body->mutable_transaction_timestamp());
  return message;
}

// For the operator's log (issue 20), written once the batch has committed.
std::string settlement_log_line(const MarketSettled& settled, AccountId by) {
  return "market " + std::to_string(settled.market) + " settled at " + to_string(settled.price) +
         " by account " + std::to_string(by) + ", " +
         std::to_string(settled.settled_accounts.size()) + " account(s) paid";
}

ServerMessage market_message(const Market& market, const std::string& request_id) {
  ServerMessage message;
  message.set_request_id(request_id);
  *message.mutable_market() = to_wire(market);
  return message;
}

}  // namespace

void create_market(const Request& request) {
  const auto& body = request.message.create_market();
  const std::optional<Decimal> min = decimal_from_wire(body.min_settlement());
  const std::optional<Decimal> max = decimal_from_wire(body.max_settlement());
  if (!min || !max) return request.fail(Refusal::kInvalidSettlementPrices);
  const std::optional<Decimal> fee = decimal_from_wire(body.redeem_fee());
  if (!fee) return request.fail(Refusal::kInvalidRedeemFee);

  constexpr std::string_view kKind = "CreateMarket";
  NewMarket market;
  if (!check_name(request, kKind, "Market name", body.name(), market.name, EmptyName::kAllow) ||
      !check_text(request, kKind, "Description", body.description(), kMaxDescriptionChars) ||
      !check_count(request, kKind, "visible_to", size_t(body.visible_to_size()), kMaxVisibleTo) ||
      !check_count(request, kKind, "redeemable_for", size_t(body.redeemable_for_size()),
                   kMaxConstituents)) {
    return;
  }
  market.description = body.description();
  market.min_settlement = *min;
  market.max_settlement = *max;
  market.redeem_fee = *fee;
  for (const auto& part : body.redeemable_for()) {
    market.constituents.push_back({part.constituent_id(), part.multiplier()});
  }
  market.hide_account_ids = body.hide_account_ids();
  market.visible_to.assign(body.visible_to().begin(), body.visible_to().end());
  market.type_id = body.type_id();
  market.group_id = body.group_id();
  if (body.has_option()) {
    const auto& option = body.option();
    // A present expiration with seconds 0 means none, as the schema comment says (issue 16;
    // the reference stores 1970, i.e. already expired). nanos are ignored.
    std::optional<int64_t> expiration;
    if (option.has_expiration_date() && option.expiration_date().seconds() != 0) {
      expiration = option.expiration_date().seconds();
    }
    market.option = NewOption{option.underlying_market_id(),
                              decimal_from_wire(option.strike_price()), option.is_call(),
                              expiration};
  }

  BatchContext& ctx = request.ctx;
  Result<Market> created = ctx.exchange.create_market(request.view.requester(), market, ctx.now);
  if (!created.ok()) return request.fail(created.error());
  store::record_new_market(*created, ctx.writes);
  ctx.publisher.market_event(*created, market_message(*created, request.request_id()),
                             request.view.id);
}

void edit_market(const Request& request) {
  const auto& body = request.message.edit_market();
  constexpr std::string_view kKind = "EditMarket";
  MarketEdit edit;
  edit.market = body.id();
  if (body.has_name()) {
    std::string name;
    if (!check_name(request, kKind, "Market name", body.name(), name, EmptyName::kAllow)) return;
    edit.name = std::move(name);
  }
  if (body.has_description()) {
    if (!check_text(request, kKind, "Description", body.description(), kMaxDescriptionChars)) {
      return;
    }
    edit.description = body.description();
  }
  if (!check_count(request, kKind, "visible_to", size_t(body.visible_to_size()), kMaxVisibleTo)) {
    return;
  }
  if (body.has_pinned()) edit.pinned = body.pinned();
  edit.has_redeemable_settings = body.has_redeemable_settings();
  if (body.has_hide_account_ids()) edit.hide_account_ids = body.hide_account_ids();
  if (body.has_update_visible_to()) {
    edit.visible_to = std::vector<AccountId>(body.visible_to().begin(), body.visible_to().end());
  }
  edit.status = market_status_from_wire(body.status());

  BatchContext& ctx = request.ctx;
  const size_t logged_before = ctx.exchange.status_log(edit.market).size();
  Result<Market> edited = ctx.exchange.edit_market(request.view.requester(), edit, ctx.now);
  if (!edited.ok()) return request.fail(edited.error());
  store::record_market_edited(*edited, ctx.writes);
  ctx.publisher.market_event(*edited, market_message(*edited, request.request_id()),
                             request.view.id);
  // additions.md 5.3: a status change is logged and the whole log follows the market, filtered
  // like it, with an empty request id (the market carries the requester's).
  const auto& log = ctx.exchange.status_log(edited->id);
  if (log.size() > logged_before) {
    store::record_status_change(edited->id, log.back(), ctx.writes);
    ctx.publisher.market_event(*edited, status_changes_message(ctx.exchange, edited->id));
  }
}

void settle_market(const Request& request) {
  const auto& body = request.message.settle_market();
  const std::optional<Decimal> price = decimal_from_wire(body.settle_price());
  if (!price) return request.fail(Refusal::kInvalidSettlementPrice);
  BatchContext& ctx = request.ctx;
  Result<MarketSettled> settled =
      ctx.exchange.settle_market(request.view.requester(), body.market_id(), *price, ctx.now);
  if (!settled.ok()) return request.fail(settled.error());
  store::record_market_settled(*settled, ctx.writes);
  for (AccountId account : settled->settled_accounts) ctx.changed_portfolios.insert(account);
  ctx.log_lines.push_back(settlement_log_line(*settled, request.view.acting));
  ctx.publisher.market_event(*ctx.exchange.market(settled->market),
                             settled_message(*settled, request.request_id()), request.view.id);
  // The option markets that settled with it (issue 16): the usual MarketSettled each, to those
  // who may see that option market. No request id: the requester's reply is the one above.
  for (const MarketSettled& option : settled->options_settled) {
    for (AccountId account : option.settled_accounts) ctx.changed_portfolios.insert(account);
    ctx.publisher.market_event(*ctx.exchange.market(option.market), settled_message(option, ""));
    ctx.log_lines.push_back(settlement_log_line(option, request.view.acting));
  }
}

}  // namespace exchange::api
