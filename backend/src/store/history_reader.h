#pragma once
// Full histories, read on their own read-only connection so that they never stall the
// sequencer (WAL lets them read the last committed state while batches are being written).

#include <string>
#include <vector>

#include "core/events.h"
#include "core/order.h"
#include "store/database.h"

namespace exchange::store {

struct SizeRecord {
  Transaction transaction;
  Quantity size;  // remaining size after that transaction
};

// An order as stored, with its size history ascending by transaction (rules.md 13).
struct OrderRecord {
  OrderId id = 0;
  MarketId market = 0;
  AccountId owner = 0;
  Transaction placed;
  Side side = Side::kBid;
  Price price;
  Quantity size;  // current remaining size, 0 once filled, cancelled or settled
  std::vector<SizeRecord> sizes;
};

// One participant's totals in a market (rules.md 12): from trades, and from redemptions when
// the market is the fund.
struct PositionRecord {
  AccountId account = 0;
  Quantity bought;
  Quantity sold;
  Quantity redeemed;
  Money buy_value;   // Σ size × price over buys
  Money sell_value;  // Σ size × price over sells
};

class HistoryReader {
 public:
  explicit HistoryReader(const std::string& path);

  // Every stored order of the market, ascending id.
  std::vector<OrderRecord> orders(MarketId market);
  // Every trade of the market, ascending id.
  std::vector<Trade> trades(MarketId market);
  // Every redemption (either sign) of the fund, ascending id (additions.md 6.3); its `markets`
  // and `fee` are not read.
  std::vector<Redemption> redemptions(MarketId fund);
  // Every account that traded in the market or redeemed it as a fund, ascending id.
  std::vector<PositionRecord> positions(MarketId market);

 private:
  Database db_;
};

}  // namespace exchange::store
