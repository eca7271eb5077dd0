// Auctions (rules.md section 11): listing, editing, deleting, and selling for cash.

#include <algorithm>
#include <cmath>

#include "core/exchange.h"

namespace exchange {
namespace {

// Auctions are few (an instructor lists a handful), so a scan is fine.
bool name_taken(const Exchange& exchange, const std::map<AuctionId, Auction>& auctions,
                const std::string& name, AuctionId except) {
  const std::string key = exchange.name_key(name);
  return std::any_of(auctions.begin(), auctions.end(), [&](const auto& entry) {
    return entry.first != except && exchange.name_key(entry.second.name) == key;
  });
}

// The reference stores whatever buy-it-now value arrives; a price our money type cannot hold
// exactly (more than 4 decimal places, or beyond 10^12) is refused instead of rounded.
std::optional<Money> bin_price_of(const Decimal& price) {
  if (price.magnitude_above(kCoefficientCap * 10'000)) return std::nullopt;
  return price.to_fixed<Money>();
}

}  // namespace

const Auction* Exchange::auction(AuctionId id) const {
  auto it = auctions_.find(id);
  return it == auctions_.end() ? nullptr : &it->second;
}

void Exchange::restore_auction(Auction restored) {
  counters_.next_auction = std::max(counters_.next_auction, restored.id + 1);
  auctions_[restored.id] = std::move(restored);
}

Result<Auction> Exchange::create_auction(const Requester& requester, std::string name,
                                         std::string description, std::string image_filename,
                                         std::optional<Decimal> bin_price, Timestamp now) {
  Auction created;
  if (bin_price) {
    created.bin_price = bin_price_of(*bin_price);
    if (!created.bin_price) return Error{Refusal::kInvalidBuyItNowPrice};
  }
  if (name_taken(*this, auctions_, name, 0)) return Error{Refusal::kAuctionNameTaken};
  created.id = counters_.next_auction++;
  created.name = std::move(name);
  created.description = std::move(description);
  created.owner = requester.creator();
  created.image_filename = std::move(image_filename);
  created.created = next_transaction(now);
  auctions_[created.id] = created;
  return created;
}

Result<Auction> Exchange::edit_auction(const Requester& requester, AuctionId id,
                                       const AuctionEdit& edit) {
  auto it = auctions_.find(id);
  if (it == auctions_.end()) return Error{Refusal::kAuctionNotFound};
  Auction& item = it->second;
  if (item.owner != requester.user && !requester.sudo_admin)
    return Error{Refusal::kNotAuctionOwner};
  std::optional<Money> bin_price;
  if (edit.bin_price) {
    bin_price = bin_price_of(*edit.bin_price);
    if (!bin_price) return Error{Refusal::kInvalidBuyItNowPrice};
  }
  if (edit.name && name_taken(*this, auctions_, *edit.name, id)) {
    return Error{Refusal::kAuctionNameTaken};
  }
  if (edit.name) item.name = *edit.name;
  if (edit.description) item.description = *edit.description;
  if (edit.image_filename) item.image_filename = *edit.image_filename;
  if (bin_price) item.bin_price = bin_price;
  return item;
}

Status Exchange::delete_auction(const Requester& requester, AuctionId id) {
  auto it = auctions_.find(id);
  if (it == auctions_.end()) return Error{Refusal::kAuctionNotFound};
  if (it->second.owner != requester.user && !requester.sudo_admin) {
    return Error{Refusal::kNotAuctionOwner};
  }
  auctions_.erase(it);  // money already moved by a sale is not returned
  return ok_status();
}

Result<AuctionSold> Exchange::sell_auction(AuctionId id, AccountId buyer_id,
                                           std::optional<Decimal> requested,
                                           std::optional<AccountId> initiator, Timestamp now) {
  auto it = auctions_.find(id);
  if (it == auctions_.end()) return Error{Refusal::kAuctionNotFound};
  Auction& item = it->second;
  // The reference's text for an owner buying its own auction.
  if (buyer_id == item.owner) return Error{Refusal::kInvalidSettlementPrices};
  if (item.is_settled()) return Error{Refusal::kMarketAlreadySettled};
  Money price;
  if (requested) {
    // Whole cents, not negative, and only for an auction without a buy-it-now price.
    const std::optional<Money> as_money = requested->to_fixed<Money>();
    if (requested->decimal_places() > 2 || !as_money || item.bin_price || as_money->is_negative()) {
      return Error{Refusal::kInvalidSettlementPrice};
    }
    price = *as_money;
  } else {
    if (!item.bin_price) return Error{Refusal::kInvalidSettlementPrice};
    price = *item.bin_price;
  }
  Account* buyer = mutable_account(buyer_id);
  if (buyer == nullptr) return Error{Refusal::kAccountNotFound};
  Account* seller = mutable_account(item.owner);
  // Cash, not available balance, is what the reference checks here.
  if (buyer->balance - price < Money{} || seller->balance + price < Money{}) {
    return Error{Refusal::kInsufficientFunds};
  }
  AuctionSold sold;
  sold.auction = id;
  sold.price = price;
  sold.buyer = buyer_id;
  sold.seller = item.owner;
  // A payment without initiator is stored with initiator 0, as the reference records it.
  sold.payment = Transfer{counters_.next_transfer++,
                          initiator.value_or(0),
                          buyer_id,
                          item.owner,
                          price,
                          "Auction Settlement of " + item.name,
                          next_transaction(now)};
  item.settled_price = price;
  item.settled = sold.payment.transaction;
  item.buyer = buyer_id;
  buyer->balance -= price;
  seller->balance += price;
  record_transfer(sold.payment);
  return sold;
}

}  // namespace exchange
