#include "store/record.h"

namespace exchange::store {

void record_order_placed(const OrderPlaced& placed, WriteSet& writes) {
  const TransactionId tx = placed.transaction.id;
  writes.transactions.push_back(placed.transaction);
  if (placed.resting) {
    writes.new_orders.push_back({placed.market, *placed.resting});
    writes.order_sizes.push_back({placed.resting->id, tx, placed.resting->size});
  }
  writes.exposures.push_back({placed.account, placed.market});
  for (const Fill& fill : placed.fills) {
    writes.order_sizes.push_back({fill.resting_id, tx, fill.remaining});
    writes.exposures.push_back({fill.resting_owner, placed.market});
  }
  for (const Trade& trade : placed.trades) {
    writes.trades.push_back(trade);
    writes.balances.push_back(trade.buyer);
    writes.balances.push_back(trade.seller);
  }
  for (ContractId id : placed.contracts) writes.option_contracts.push_back(id);
}

namespace {

void record_cancelled_rows(const OrdersCancelled& cancelled, WriteSet& writes) {
  for (const RestingOrder& order : cancelled.orders) {
    writes.order_sizes.push_back({order.id, cancelled.transaction.id, Quantity{}});
    writes.exposures.push_back({order.owner, cancelled.market});
  }
}

}  // namespace

void record_order_cancelled(const OrdersCancelled& cancelled, WriteSet& writes) {
  writes.transactions.push_back(cancelled.transaction);
  record_cancelled_rows(cancelled, writes);
}

void record_out(const OutDone& out, WriteSet& writes) {
  writes.transactions.push_back(out.transaction);  // committed even when nothing was cancelled
  for (const OrdersCancelled& market : out.markets) record_cancelled_rows(market, writes);
}

namespace {

// One settled market's rows, without its transaction (option markets share their
// underlying's).
void record_settled_rows(const MarketSettled& settled, WriteSet& writes) {
  writes.changed_markets.push_back(settled.market);
  for (ContractId id : settled.closed_contracts) writes.option_contracts.push_back(id);
  for (const RestingOrder& order : settled.voided_orders) {
    writes.order_sizes.push_back({order.id, settled.transaction.id, Quantity{}});
  }
  for (AccountId account : settled.settled_accounts) {
    writes.balances.push_back(account);
    writes.exposures.push_back({account, settled.market});
  }
}

}  // namespace

void record_market_settled(const MarketSettled& settled, WriteSet& writes) {
  writes.transactions.push_back(settled.transaction);
  record_settled_rows(settled, writes);
  for (const MarketSettled& option : settled.options_settled) record_settled_rows(option, writes);
}

void record_new_market(const Market& market, WriteSet& writes) {
  writes.transactions.push_back(market.created);
  writes.new_markets.push_back(market.id);
  writes.status_changes.push_back({market.id, {MarketStatus::kOpen, market.created}});
}

void record_status_change(MarketId market, const MarketStatusChange& change, WriteSet& writes) {
  writes.transactions.push_back(change.transaction);
  writes.status_changes.push_back({market, change});
}

void record_market_edited(const Market& market, WriteSet& writes) {
  writes.changed_markets.push_back(market.id);
}

void record_transfer(const TransferMade& made, WriteSet& writes) {
  writes.transactions.push_back(made.transfer.transaction);
  writes.transfers.push_back(made.transfer);
  writes.balances.push_back(made.transfer.from);
  writes.balances.push_back(made.transfer.to);
  if (made.credited_account) {
    const AccountId owner =
        *made.credited_account == made.transfer.from ? made.transfer.to : made.transfer.from;
    writes.credits.push_back({*made.credited_account, owner});
  }
}

void record_new_account(AccountId account, WriteSet& writes) {
  writes.new_accounts.push_back(account);
}

void record_relabelled_account(AccountId account, WriteSet& writes) {
  writes.relabelled_accounts.push_back(account);
}

void record_new_universe(UniverseId universe, WriteSet& writes) {
  writes.new_universes.push_back(universe);
}

}  // namespace exchange::store

namespace exchange::store {

void record_credits(const Account& account, WriteSet& writes) {
  for (const OwnerCredit& credit : account.owners) writes.credits.push_back({account.id, credit.owner});
}

void record_ownership_removed(AccountId account, AccountId owner, WriteSet& writes) {
  writes.credits.push_back({account, owner});  // written as a delete: the owner is gone
}

}  // namespace exchange::store

namespace exchange::store {

void record_redemption(const Redemption& redemption, WriteSet& writes) {
  writes.transactions.push_back(redemption.transaction);
  writes.redemptions.push_back(redemption);
  writes.balances.push_back(redemption.account);
  for (MarketId market : redemption.markets) writes.exposures.push_back({redemption.account, market});
}

void record_auction_sold(const AuctionSold& sold, WriteSet& writes) {
  writes.transactions.push_back(sold.transaction);
  writes.auctions.push_back(sold.auction);  // with its buyers (migration 0007)
  for (const Transfer& payment : sold.payments) {
    writes.transfers.push_back(payment);
    writes.balances.push_back(payment.from);
  }
  writes.balances.push_back(sold.seller);
}

}  // namespace exchange::store

namespace exchange::store {

void record_option_exercise(const OptionExercise& exercise, WriteSet& writes) {
  writes.transactions.push_back(exercise.transaction);
  writes.option_exercises.push_back(exercise);
  writes.option_contracts.push_back(exercise.contract);
  writes.balances.push_back(exercise.exerciser);
  writes.balances.push_back(exercise.writer);
  for (AccountId account : {exercise.exerciser, exercise.writer}) {
    writes.exposures.push_back({account, exercise.market});
    if (!exercise.cash) writes.exposures.push_back({account, exercise.underlying});
  }
}

}  // namespace exchange::store
