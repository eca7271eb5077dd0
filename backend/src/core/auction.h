#pragma once
// An auction: one item sold for cash outside the order book (rules.md section 11).

#include <optional>
#include <string>

#include "core/fixed_point.h"
#include "core/ids.h"

namespace exchange {

struct Auction {
  AuctionId id = 0;
  std::string name;  // unique among auctions
  std::string description;
  AccountId owner = 0;  // the seller
  Transaction created;
  std::optional<std::string> image_filename;  // as uploaded; "" means "no image" to clients
  std::optional<Money> bin_price;             // buy-it-now price
  std::optional<Money> settled_price;         // set once sold
  Transaction settled;
  AccountId buyer = 0;  // 0 until sold

  bool is_settled() const { return settled_price.has_value(); }
  friend bool operator==(const Auction&, const Auction&) = default;
};

}  // namespace exchange
