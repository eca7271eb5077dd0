// CreateAuction, EditAuction, DeleteAuction, SettleAuction and BuyAuction (protocol.md 3.3.14-
// 3.3.16, 3.3.19, 3.3.24).

#include <set>

#include "api/input_checks.h"
#include "api/input_limits.h"
#include "api/handlers.h"
#include "api/wire.h"
#include "store/record.h"

namespace exchange::api {
namespace {

void publish_auction(const Request& request, const Auction& auction) {
  ServerMessage message;
  message.set_request_id(request.request_id());
  *message.mutable_auction() = to_wire(auction);
  request.ctx.publisher.to_everyone(message);
}

// A sold auction's outputs (additions.md 4.2): the public AuctionSettled, each payment to the
// owners of every party, and the parties' portfolios (at the end of the batch).
void publish_sale(const Request& request, const AuctionSold& sold) {
  BatchContext& ctx = request.ctx;
  store::record_auction_sold(sold, ctx.writes);
  std::vector<AccountId> parties{sold.seller};
  for (const AuctionBuyer& buyer : sold.buyers) parties.push_back(buyer.account);
  ctx.changed_portfolios.insert(parties.begin(), parties.end());
  ctx.log_lines.push_back("auction " + std::to_string(sold.auction) + " sold at " +
                          to_string(sold.price) + " to " + std::to_string(sold.buyers.size()) +
                          " buyer(s)");
  ServerMessage message;
  message.set_request_id(request.request_id());
  auto* body = message.mutable_auction_settled();
  body->set_id(sold.auction);
  body->set_settle_price(to_wire(sold.price));
  body->set_transaction_id(sold.transaction.id);
  set_timestamp(sold.transaction.timestamp, body->mutable_transaction_timestamp());
  body->set_buyer_id(sold.labelled_owner);
  for (const AuctionBuyer& buyer : sold.buyers) *body->add_buyers() = to_wire(buyer);
  ctx.publisher.to_everyone(message);
  // Published since the baseline, with an empty request_id, to the owners of the seller and of
  // every contributor. Deviation: the reference sends each payment once per affected account,
  // so a connection owning several parties gets duplicates; we send it once per connection.
  std::set<SessionId> audience;
  for (AccountId party : parties) {
    for (SessionId session : ctx.sessions.sessions_owning(party)) audience.insert(session);
  }
  const std::vector<SessionId> sessions(audience.begin(), audience.end());
  for (const Transfer& payment : sold.payments) {
    ServerMessage created;
    *created.mutable_transfer_created() = to_wire(payment);
    ctx.publisher.to_sessions(sessions, created);
  }
}

// The single-buyer form (no contributions) or the split form of SettleAuction.
AuctionSettlement settlement_of(const websocket_api::SettleAuction& body, Decimal price,
                                AccountId initiator) {
  AuctionSettlement settlement;
  settlement.auction = body.auction_id();
  settlement.buyer = body.buyer_id();
  settlement.price = price;
  settlement.labelled_owner = body.has_owner_id() ? body.owner_id() : 0;
  settlement.initiator = initiator;
  for (const auto& entry : body.contributions()) {
    settlement.contributions.push_back({entry.buyer_id(), decimal_from_wire(entry.amount())});
  }
  return settlement;
}

}  // namespace

void create_auction(const Request& request) {
  const auto& body = request.message.create_auction();
  std::optional<Decimal> bin_price;
  if (body.has_bin_price()) {
    bin_price = decimal_from_wire(body.bin_price());
    if (!bin_price) return request.fail(Refusal::kInvalidBuyItNowPrice);
  }
  constexpr std::string_view kKind = "CreateAuction";
  std::string name;
  if (!check_name(request, kKind, "Auction name", body.name(), name) ||
      !check_text(request, kKind, "Description", body.description(), kMaxDescriptionChars) ||
      !check_text(request, kKind, "Image file name", body.image_filename(),
                  kMaxImageFilenameChars)) {
    return;
  }
  BatchContext& ctx = request.ctx;
  Result<Auction> created =
      ctx.exchange.create_auction(request.view.requester(), name, body.description(),
                                  body.image_filename(), bin_price, ctx.now);
  if (!created.ok()) return request.fail(created.error());
  ctx.writes.transactions.push_back(created->created);
  ctx.writes.auctions.push_back(created->id);
  publish_auction(request, *created);
}

void edit_auction(const Request& request) {
  const auto& body = request.message.edit_auction();
  constexpr std::string_view kKind = "EditAuction";
  Exchange::AuctionEdit edit;
  if (body.has_name()) {
    std::string name;
    if (!check_name(request, kKind, "Auction name", body.name(), name)) return;
    edit.name = std::move(name);
  }
  if (body.has_description()) {
    if (!check_text(request, kKind, "Description", body.description(), kMaxDescriptionChars)) {
      return;
    }
    edit.description = body.description();
  }
  if (body.has_image_filename()) {
    if (!check_text(request, kKind, "Image file name", body.image_filename(),
                    kMaxImageFilenameChars)) {
      return;
    }
    edit.image_filename = body.image_filename();
  }
  if (body.has_bin_price()) {
    edit.bin_price = decimal_from_wire(body.bin_price());
    if (!edit.bin_price) return request.fail(Refusal::kInvalidBuyItNowPrice);
  }
  BatchContext& ctx = request.ctx;
  Result<Auction> edited = ctx.exchange.edit_auction(request.view.requester(), body.id(), edit);
  if (!edited.ok()) return request.fail(edited.error());
  ctx.writes.auctions.push_back(edited->id);
  publish_auction(request, *edited);
}

void delete_auction(const Request& request) {
  const AuctionId id = request.message.delete_auction().auction_id();
  BatchContext& ctx = request.ctx;
  Status deleted = ctx.exchange.delete_auction(request.view.requester(), id);
  if (!deleted.ok()) return request.fail(deleted.error());
  ctx.writes.deleted_auctions.push_back(id);
  ServerMessage message;
  message.set_request_id(request.request_id());
  message.mutable_auction_deleted()->set_auction_id(id);
  ctx.publisher.to_everyone(message);
}

void settle_auction(const Request& request) {
  constexpr std::string_view kKind = "SettleAuction";
  // Lower-case, also for admins without sudo: the reference's text.
  if (!request.view.sudo_admin()) return request.fail(kKind, "only admins can settle auctions");
  const auto& body = request.message.settle_auction();
  const std::optional<Decimal> price = decimal_from_wire(body.settle_price());
  if (!price) return request.fail(Refusal::kInvalidSettlementPrice);
  if (!check_count(request, kKind, "contributions", size_t(body.contributions_size()),
                   kMaxAuctionContributions)) {
    return;
  }
  BatchContext& ctx = request.ctx;
  Result<AuctionSold> sold =
      ctx.exchange.settle_auction(settlement_of(body, *price, request.view.admin), ctx.now);
  if (!sold.ok()) return request.fail(sold.error());
  publish_sale(request, *sold);
}

void buy_auction(const Request& request) {
  BatchContext& ctx = request.ctx;
  // The single-buyer form with buyer U (not the acting account) at the buy-it-now price (−1);
  // the payment records initiator 0 and there is no owner_id (additions.md 4.3).
  AuctionSettlement purchase;
  purchase.auction = request.message.buy_auction().auction_id();
  purchase.buyer = request.view.user;
  purchase.price = make_decimal(true, 1, 0);
  Result<AuctionSold> sold = ctx.exchange.settle_auction(purchase, ctx.now);
  if (!sold.ok()) return request.fail(sold.error());
  publish_sale(request, *sold);
}

}  // namespace exchange::api
