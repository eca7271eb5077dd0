// CreateAuction, EditAuction, DeleteAuction, SettleAuction and BuyAuction (protocol.md 3.3.14-
// 3.3.16, 3.3.19, 3.3.24).

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

void publish_sale(const Request& request, const AuctionSold& sold) {
  BatchContext& ctx = request.ctx;
  store::record_auction_sold(sold, ctx.writes);
  ctx.changed_portfolios.insert(sold.buyer);
  ctx.changed_portfolios.insert(sold.seller);
  ctx.log_lines.push_back("auction " + std::to_string(sold.auction) + " sold to account " +
                          std::to_string(sold.buyer) + " at " + to_string(sold.price));
  ServerMessage message;
  message.set_request_id(request.request_id());
  auto* body = message.mutable_auction_settled();
  body->set_id(sold.auction);
  body->set_settle_price(to_wire(sold.price));
  body->set_transaction_id(sold.payment.transaction.id);
  set_timestamp(sold.payment.transaction.timestamp, body->mutable_transaction_timestamp());
  body->set_buyer_id(sold.buyer);
  ctx.publisher.to_everyone(message);  // the payment itself is not published (rules.md 11.4)
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
  // Exactly −1 asks for the buy-it-now price.
  std::optional<Decimal> at = *price;
  if (*price == make_decimal(true, 1, 0)) at.reset();
  BatchContext& ctx = request.ctx;
  Result<AuctionSold> sold = ctx.exchange.sell_auction(body.auction_id(), body.buyer_id(), at,
                                                       request.view.admin, ctx.now);
  if (!sold.ok()) return request.fail(sold.error());
  publish_sale(request, *sold);
}

void buy_auction(const Request& request) {
  BatchContext& ctx = request.ctx;
  // The buyer is U (not the acting account), at the buy-it-now price; the payment records no
  // initiator.
  Result<AuctionSold> sold =
      ctx.exchange.sell_auction(request.message.buy_auction().auction_id(), request.view.user,
                                std::nullopt, std::nullopt, ctx.now);
  if (!sold.ok()) return request.fail(sold.error());
  publish_sale(request, *sold);
}

}  // namespace exchange::api
