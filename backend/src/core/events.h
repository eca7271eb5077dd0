#pragma once
// What successful operations did. The sequencer persists these and turns them into messages;
// every record carries the operation's transaction.

#include <optional>
#include <string>
#include <vector>

#include "core/auction.h"
#include "core/fixed_point.h"
#include "core/ids.h"
#include "core/market.h"
#include "core/order.h"

namespace exchange {

struct Trade {
  TradeId id = 0;
  MarketId market = 0;
  AccountId buyer = 0;
  AccountId seller = 0;
  Price price;  // the resting order's price
  Quantity size;
  bool buyer_is_taker = true;
  Transaction transaction;
  friend bool operator==(const Trade&, const Trade&) = default;
};

struct OrderPlaced {
  Transaction transaction;
  MarketId market = 0;
  AccountId account = 0;
  Side side = Side::kBid;
  Price price;
  Quantity size;                        // as requested
  std::optional<RestingOrder> resting;  // the unfilled remainder, absent if fully filled
  std::vector<Fill> fills;              // in matching order, self-fills included
  std::vector<Trade> trades;            // one per fill against another account
  std::vector<ContractId> contracts;    // option markets: one per trade, in trade order
};

struct OrdersCancelled {
  Transaction transaction;
  MarketId market = 0;
  std::vector<RestingOrder> orders;  // as they were just before cancelling, ascending id
};

struct OutDone {
  Transaction transaction;
  std::vector<OrdersCancelled> markets;  // only markets where something was cancelled
};

struct Transfer {
  TransferId id = 0;
  AccountId initiator = 0;
  AccountId from = 0;
  AccountId to = 0;
  Money amount;
  std::string note;
  Transaction transaction;
  friend bool operator==(const Transfer&, const Transfer&) = default;
};

// A transfer and the owner credit it changed, if any (rules.md 10.1).
struct TransferMade {
  Transfer transfer;
  std::optional<AccountId> credited_account;  // the owned account whose credit changed
};

// An auction sold (by an admin's settlement or buy-it-now) and the transfers that paid for it.
struct AuctionSold {
  AuctionId auction = 0;
  Money price;
  AccountId labelled_owner = 0;  // 0: none
  AccountId seller = 0;
  Transaction transaction;
  std::vector<AuctionBuyer> buyers;  // in the request's order
  std::vector<Transfer> payments;    // one per buyer, same order
};

struct Redemption {
  RedemptionId id = 0;
  AccountId account = 0;
  MarketId fund = 0;
  Quantity amount;  // fund units; negative creates fund units from constituents
  Money fee;
  Transaction transaction;
  std::vector<MarketId> markets;  // the fund and its constituents: exposure rows touched
};

// Markets and groups moved to another category when theirs was deleted (ascending ids).
struct MarketTypeDeleted {
  MarketTypeId deleted = 0;
  std::vector<MarketId> moved_markets;
  std::vector<MarketGroupId> moved_groups;
};

struct MarketSettled {
  Transaction transaction;
  MarketId market = 0;
  Price price;
  std::vector<RestingOrder> voided_orders;  // live orders set to size 0, no cancel event
  std::vector<AccountId> settled_accounts;  // every account that had an exposure row
  std::vector<ContractId> closed_contracts;  // an option market's contracts set to 0
  // The option markets on this market that settled with it, in the same transaction, at
  // their intrinsic value, and those on them in turn (issue 16); empty for each of them.
  std::vector<MarketSettled> options_settled;
};

}  // namespace exchange
