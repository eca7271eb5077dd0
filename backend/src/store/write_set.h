#pragma once
// The rows one batch of operations changed, gathered by the sequencer and written by
// BatchWriter in a single SQLite transaction. New rows are carried whole; for mutable rows
// (balances, exposures, credits, markets) only keys are recorded and the current in-memory
// value is written at commit, so a row touched many times in a batch is written once.

#include <utility>
#include <vector>

#include "core/events.h"
#include "core/ids.h"
#include "core/option.h"
#include "core/order.h"
#include "core/redeem_code.h"

namespace exchange::store {

struct NewOrder {
  MarketId market = 0;
  RestingOrder order;  // as placed (after immediate matching)
};

struct OrderSizeChange {
  OrderId order = 0;
  TransactionId transaction = 0;
  Quantity size;  // remaining size after that transaction
};

struct StatusChangeRow {
  MarketId market = 0;
  MarketStatusChange change;
};

struct WriteSet {
  std::vector<Transaction> transactions;
  std::vector<AccountId> new_accounts;
  std::vector<AccountId> relabelled_accounts;  // name, identity or pending e-mail changed
  std::vector<MarketId> new_markets;
  std::vector<MarketId> changed_markets;
  std::vector<NewOrder> new_orders;
  std::vector<OrderSizeChange> order_sizes;
  std::vector<Trade> trades;
  std::vector<Transfer> transfers;
  std::vector<AccountId> balances;                        // dirty account balances
  std::vector<std::pair<AccountId, MarketId>> exposures;  // dirty rows (deleted if gone)
  std::vector<std::pair<AccountId, AccountId>> credits;   // dirty (owned, owner) credits
  std::vector<MarketTypeId> new_market_types;
  std::vector<MarketTypeId> deleted_market_types;
  std::vector<MarketGroupId> new_market_groups;  // also groups moved to another category
  std::vector<AuctionId> auctions;          // inserted or rewritten from memory
  std::vector<AuctionId> deleted_auctions;
  std::vector<Redemption> redemptions;
  std::vector<UniverseId> new_universes;
  std::vector<ContractId> option_contracts;  // inserted or rewritten from memory
  std::vector<OptionExercise> option_exercises;
  std::vector<RedeemCodeId> redeem_codes;  // inserted or rewritten from memory
  std::vector<StatusChangeRow> status_changes;  // after their markets and transactions

  bool empty() const {
    return transactions.empty() && new_accounts.empty() && relabelled_accounts.empty() && new_markets.empty() &&
           changed_markets.empty() && new_orders.empty() && order_sizes.empty() &&
           trades.empty() && transfers.empty() && balances.empty() && exposures.empty() &&
           credits.empty() && new_market_types.empty() && deleted_market_types.empty() &&
           new_market_groups.empty() && auctions.empty() && deleted_auctions.empty() &&
           redemptions.empty() && new_universes.empty() &&
           option_contracts.empty() && option_exercises.empty() &&
           redeem_codes.empty() && status_changes.empty();
  }
  void clear() { *this = WriteSet{}; }
};

}  // namespace exchange::store
