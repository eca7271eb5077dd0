#pragma once
// Which rows each kind of operation changes: the bridge from core's events to a WriteSet.

#include "core/account.h"
#include "core/events.h"
#include "core/market.h"
#include "store/write_set.h"

namespace exchange::store {

void record_order_placed(const OrderPlaced& placed, WriteSet& writes);
void record_order_cancelled(const OrdersCancelled& cancelled, WriteSet& writes);
void record_out(const OutDone& out, WriteSet& writes);
void record_market_settled(const MarketSettled& settled, WriteSet& writes);
void record_new_market(const Market& market, WriteSet& writes);
void record_market_edited(const Market& market, WriteSet& writes);
// A status-log entry (additions.md 5.2) and its transaction, which nothing else records.
void record_status_change(MarketId market, const MarketStatusChange& change, WriteSet& writes);
void record_transfer(const TransferMade& made, WriteSet& writes);
void record_new_account(AccountId account, WriteSet& writes);
// The account's name, identity or pending e-mail changed (a rename, a claimed placeholder).
void record_relabelled_account(AccountId account, WriteSet& writes);
void record_new_universe(UniverseId universe, WriteSet& writes);
// Every owner credit of the account (after rebalancing, sharing or revoking).
void record_credits(const Account& account, WriteSet& writes);
void record_ownership_removed(AccountId account, AccountId owner, WriteSet& writes);
void record_redemption(const Redemption& redemption, WriteSet& writes);
void record_auction_sold(const AuctionSold& sold, WriteSet& writes);
void record_option_exercise(const OptionExercise& exercise, WriteSet& writes);

}  // namespace exchange::store
