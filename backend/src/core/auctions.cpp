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
  constexpr std::string_view kKind = "CreateAuction";
  Auction created;
  if (bin_price) {
    created.bin_price = bin_price_of(*bin_price);
    if (!created.bin_price) return Error{kKind, "Invalid buy-it-now price"};
  }
  if (name_taken(*this, auctions_, name, 0)) return Error{kKind, "Auction name already exists"};
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
  constexpr std::string_view kKind = "EditAuction";
  auto it = auctions_.find(id);
  if (it == auctions_.end()) return Error{kKind, "Auction not found"};
  Auction& item = it->second;
  if (item.owner != requester.user && !requester.sudo_admin) return Error{kKind, "Sudo required"};
  std::optional<Money> bin_price;
  if (edit.bin_price) {
    bin_price = bin_price_of(*edit.bin_price);
    if (!bin_price) return Error{kKind, "Invalid buy-it-now price"};
  }
  if (edit.name && name_taken(*this, auctions_, *edit.name, id)) {
    return Error{kKind, "Auction name already exists"};
  }
  if (edit.name) item.name = *edit.name;
  if (edit.description) item.description = *edit.description;
  if (edit.image_filename) item.image_filename = *edit.image_filename;
  if (bin_price) item.bin_price = bin_price;
  return item;
}

Status Exchange::delete_auction(const Requester& requester, AuctionId id) {
  constexpr std::string_view kKind = "DeleteAuction";
  auto it = auctions_.find(id);
  if (it == auctions_.end()) return Error{kKind, "Auction not found"};
  if (it->second.owner != requester.user && !requester.sudo_admin) {
    return Error{kKind, "Sudo required"};
  }
  auctions_.erase(it);  // money already moved by a sale is not returned
  return ok_status();
}

Result<AuctionSold> Exchange::sell_auction(std::string_view kind, AuctionId id, AccountId buyer_id,
                                           Decimal requested, AccountId initiator, Timestamp now) {
  auto it = auctions_.find(id);
  if (it == auctions_.end()) return Error{kind, "Auction not found"};
  Auction& item = it->second;
  if (buyer_id == item.owner) return Error{kind, "Invalid settlement prices"};
  if (item.is_settled()) return Error{kind, "Market already settled"};
  const std::optional<Money> as_money = requested.to_fixed<Money>();
  if (requested.decimal_places() > 2 || !as_money) return Error{kind, "Invalid settlement price"};
  const bool buy_it_now_sentinel = *as_money == Money::from_whole(-1);
  Money price;
  if (item.bin_price) {
    if (!buy_it_now_sentinel) return Error{kind, "Invalid settlement price"};
    price = *item.bin_price;
  } else {
    if (as_money->is_negative()) return Error{kind, "Invalid settlement price"};
    price = *as_money;
  }
  Account* buyer = mutable_account(buyer_id);
  if (buyer == nullptr) return Error{kind, "Account not found"};
  Account* seller = mutable_account(item.owner);
  // Cash, not available balance, is what the reference checks here.
  if (buyer->balance - price < Money{} || seller->balance + price < Money{}) {
    return Error{kind, "Insufficient funds"};
  }
  AuctionSold sold;
  sold.auction = id;
  sold.price = price;
  sold.buyer = buyer_id;
  sold.seller = item.owner;
  sold.payment = Transfer{counters_.next_transfer++, initiator, buyer_id, item.owner, price,
                          "Auction Settlement of " + item.name, next_transaction(now)};
  item.settled_price = price;
  item.settled = sold.payment.transaction;
  item.buyer = buyer_id;
  buyer->balance -= price;
  seller->balance += price;
  record_transfer(sold.payment);
  return sold;
}

}  // namespace exchange
