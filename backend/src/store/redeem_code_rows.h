#pragma once
// The redeem_code table (migration 0006, additions.md 1.5): loading at start-up, and the
// WriteSet entries of minting and claiming.

#include "core/exchange.h"
#include "store/database.h"
#include "store/write_set.h"

namespace exchange::store {

// Restores every code in ascending id order. `exchange` holds its accounts and transfers.
void load_redeem_codes(Database& db, Exchange& exchange);

// A minted or claimed code: its row is written with its current value at commit.
inline void record_redeem_code(RedeemCodeId id, WriteSet& writes) {
  writes.redeem_codes.push_back(id);
}

}  // namespace exchange::store
