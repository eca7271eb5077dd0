// Selling an auction (additions.md 4.2 steps 6-15 and 4.3): one buyer or a split among
// several contributors, each paying the seller its share in one transaction.

#include <set>

#include "core/exchange.h"

namespace exchange {
namespace {

// A sale price or contribution as money: whole cents at most (steps 9 and 10).
std::optional<Money> cents_of(const Decimal& value) {
  if (value.decimal_places() > 2) return std::nullopt;
  return value.to_fixed<Money>();
}

// Step 8: the buy-it-now price when asked for (−1 in the single-buyer form), else the price
// sent, which must not be negative. Changed at HEAD: an auction with a buy-it-now price can
// be settled by an admin at any other non-negative price too.
Result<Money> total_price(const Auction& item, const AuctionSettlement& request) {
  const bool wants_bin = request.contributions.empty() && request.price == make_decimal(true, 1, 0);
  if (item.bin_price && wants_bin) {
    // Step 9 applies to the buy-it-now price too (it may carry up to 4 decimal places).
    if (item.bin_price->units() % 100 != 0) return Error{Refusal::kInvalidSettlementPrice};
    return *item.bin_price;
  }
  if (request.price.negative) return Error{Refusal::kInvalidSettlementPrice};
  const std::optional<Money> price = cents_of(request.price);
  if (!price) return Error{Refusal::kInvalidSettlementPrice};
  return *price;
}

// Step 10: the contributions' amounts, in request order (one {buyer, P} when none was sent).
Result<std::vector<AuctionBuyer>> contributions_of(const AuctionSettlement& request, Money price) {
  std::vector<AuctionBuyer> buyers;
  if (request.contributions.empty()) {
    buyers.push_back({request.buyer, price});
    return buyers;
  }
  buyers.reserve(request.contributions.size());
  for (const AuctionSettlement::Contribution& entry : request.contributions) {
    if (!entry.amount) return Error{Refusal::kInvalidSettlementPrice};
    const std::optional<Money> amount = cents_of(*entry.amount);
    if (!amount) return Error{Refusal::kInvalidSettlementPrice};
    if (amount->is_negative()) return Error{Refusal::kNegativeContribution};
    buyers.push_back({entry.buyer, *amount});
  }
  return buyers;
}

// Steps 11 to 13: distinct buyers, none of them the seller, summing to P, and a labelled
// owner among them.
Status check_buyers(const Auction& item, const std::vector<AuctionBuyer>& buyers, Money price,
                    AccountId labelled_owner) {
  std::set<AccountId> seen;
  Money sum;
  for (const AuctionBuyer& buyer : buyers) {
    if (!seen.insert(buyer.account).second) return Error{Refusal::kDuplicateAuctionBuyer};
    if (buyer.account == item.owner) return Error{Refusal::kBuyerIsSeller};
    sum += buyer.amount;
  }
  if (sum != price) return Error{Refusal::kContributionsDoNotSum};
  if (labelled_owner != 0 && !seen.contains(labelled_owner)) {
    return Error{Refusal::kOwnerNotContributor};
  }
  return ok_status();
}

std::string payment_note(const Auction& item, const AuctionBuyer& buyer, Money price,
                         bool split) {
  std::string note = "Auction Settlement of " + item.name;
  if (split) note += " (" + split_percent(buyer.amount, price) + "% split)";
  return note;
}

}  // namespace

std::string split_percent(Money amount, Money total) {
  // Tenths of a percent: amount × 1000 / total, rounded half to even, in exact integers.
  const int128 scaled = amount.units() * 1000;
  int128 tenths = scaled / total.units();
  const int128 twice_rest = (scaled % total.units()) * 2;
  if (twice_rest > total.units() || (twice_rest == total.units() && tenths % 2 != 0)) ++tenths;
  return format_units(tenths, 1);
}

Result<AuctionSold> Exchange::settle_auction(const AuctionSettlement& request, Timestamp now) {
  auto it = auctions_.find(request.auction);
  if (it == auctions_.end()) return Error{Refusal::kAuctionNotFound};
  Auction& item = it->second;
  if (item.is_settled()) return Error{Refusal::kMarketAlreadySettled};
  Result<Money> price = total_price(item, request);
  if (!price.ok()) return price.error();
  Result<std::vector<AuctionBuyer>> buyers = contributions_of(request, *price);
  if (!buyers.ok()) return buyers.error();
  if (Status checked = check_buyers(item, *buyers, *price, request.labelled_owner);
      !checked.ok()) {
    return checked.error();
  }
  // Step 14: cash, not available balance, is what the reference checks. Deviation: account 0
  // ("Hidden") is no buyer, so it is "Account not found" rather than a possible sale to it.
  std::vector<Account*> payers;
  for (const AuctionBuyer& buyer : *buyers) {
    Account* payer = buyer.account == 0 ? nullptr : mutable_account(buyer.account);
    if (payer == nullptr) return Error{Refusal::kAccountNotFound};
    if (payer->balance - buyer.amount < Money{}) return Error{Refusal::kInsufficientFunds};
    payers.push_back(payer);
  }
  const bool split = buyers->size() > 1;
  // Step 15, decision of issue 17: the reference drops the connection dividing by zero while
  // writing the notes of a zero-price split; we refuse it with the price's text instead.
  if (split && price->is_zero()) return Error{Refusal::kInvalidSettlementPrice};

  Account* seller = mutable_account(item.owner);
  AuctionSold sold;
  sold.auction = item.id;
  sold.price = *price;
  sold.seller = item.owner;
  sold.transaction = next_transaction(now);
  sold.buyers = *buyers;
  sold.labelled_owner = request.labelled_owner != 0 ? request.labelled_owner
                        : split                     ? 0
                                                    : buyers->front().account;
  for (size_t i = 0; i < buyers->size(); ++i) {
    const AuctionBuyer& buyer = (*buyers)[i];
    // Zero-amount contributors are paid for with a 0-clip transfer, as the reference does.
    Transfer payment{counters_.next_transfer++, request.initiator, buyer.account, item.owner,
                     buyer.amount, payment_note(item, buyer, *price, split), sold.transaction};
    payers[i]->balance -= buyer.amount;
    if (seller != nullptr) seller->balance += buyer.amount;
    record_transfer(payment);
    sold.payments.push_back(std::move(payment));
  }
  item.settled_price = *price;
  item.settled = sold.transaction;
  item.buyer = sold.labelled_owner;
  item.buyers = *buyers;
  return sold;
}

}  // namespace exchange
