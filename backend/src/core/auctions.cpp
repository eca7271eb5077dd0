// Auctions (rules.md section 11): listing, editing, deleting, and selling for cash.

#include <algorithm>

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
  // Changed at HEAD (additions.md 4.4): the owner is U even for a sudo admin, so an admin
  // impersonating a user lists the item as that user (markets still use ADMIN under sudo).
  created.owner = requester.user;
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

}  // namespace exchange
