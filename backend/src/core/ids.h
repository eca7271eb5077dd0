#pragma once
// Identifiers and time. Ids are the database row ids of rules.md section 1; account 0 is the
// real "Hidden" account, and 0 also means "none" for groups and buyers.

#include <cstdint>

namespace exchange {

using AccountId = int64_t;
using MarketId = int64_t;
using OrderId = int64_t;
using TradeId = int64_t;
using TransferId = int64_t;
using TransactionId = int64_t;
using AuctionId = int64_t;
using MarketTypeId = int64_t;
using MarketGroupId = int64_t;
using RedemptionId = int64_t;
using UniverseId = int64_t;

inline constexpr AccountId kHiddenAccount = 0;
// Universe 0, "Main", always exists; accounts and markets of older databases are all in it.
inline constexpr UniverseId kMainUniverse = 0;

// Microseconds since the Unix epoch, UTC. The reference had whole seconds; sub-second
// precision is an allowed improvement.
struct Timestamp {
  int64_t micros = 0;
  friend auto operator<=>(const Timestamp&, const Timestamp&) = default;
};

// One state-changing operation (rules.md section 3): its logical time and wall-clock time.
// Every record an operation writes carries its transaction.
struct Transaction {
  TransactionId id = 0;
  Timestamp timestamp;
  friend bool operator==(const Transaction&, const Transaction&) = default;
};

}  // namespace exchange
