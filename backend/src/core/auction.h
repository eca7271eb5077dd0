#pragma once
// An auction: one item sold for cash outside the order book (rules.md section 11), possibly
// to several buyers who split the price (additions.md 4).

#include <optional>
#include <string>
#include <vector>

#include "core/decimal.h"
#include "core/fixed_point.h"
#include "core/ids.h"

namespace exchange {

// One contributor to a sale and what it paid.
struct AuctionBuyer {
  AccountId account = 0;
  Money amount;
  friend bool operator==(const AuctionBuyer&, const AuctionBuyer&) = default;
};

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
  AccountId buyer = 0;  // the labelled owner once sold; 0 until sold or when none was chosen
  // Every contributor of the sale (empty until sold), each account at most once; in the
  // settlement's order while the server runs, by account id after a restart (clients get
  // them sorted by account id either way).
  std::vector<AuctionBuyer> buyers;

  bool is_settled() const { return settled_price.has_value(); }
  friend bool operator==(const Auction&, const Auction&) = default;
};

// SettleAuction and BuyAuction as the exchange sees them (additions.md 4.2, 4.3): numbers as
// the client sent them, checked by Exchange::settle_auction in the spec's order.
struct AuctionSettlement {
  struct Contribution {
    AccountId buyer = 0;
    std::optional<Decimal> amount;  // nullopt: the client's number was not convertible
  };
  AuctionId auction = 0;
  AccountId buyer = 0;  // the single-buyer form's buyer (used only without contributions)
  Decimal price;        // −1 with no contributions: the buy-it-now price
  std::vector<Contribution> contributions;
  AccountId labelled_owner = 0;  // 0: none chosen
  AccountId initiator = 0;       // recorded on the payments: ADMIN, or 0 for a purchase
};

// The percentage of a split payment's note: amount / total × 100 to one decimal place, half
// to even, trailing zeros dropped ("50", "33.3", "0", "100"). `total` must be positive.
std::string split_percent(Money amount, Money total);

}  // namespace exchange
