#pragma once
// Start-up: rebuilds the in-memory exchange (accounts, markets, books, exposures, transfers,
// next ids) from the database.

#include "core/exchange.h"
#include "store/database.h"

namespace exchange::store {

// `exchange` must be empty.
void load_exchange(Database& db, Exchange& exchange);

}  // namespace exchange::store
