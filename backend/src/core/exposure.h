#pragma once
// What one account holds and has on offer in one market (rules.md 5.2), and its worst-case
// cash outcome (rules.md 5.3).
//
// Invariants kept by the exchange: bid_size/bid_value are the sums of the account's live
// bids' remaining size and remaining × limit price; likewise for offers; position is units
// bought − sold (self-fills cancel out), adjusted by redemptions.

#include "core/fixed_point.h"

namespace exchange {

struct Exposure {
  Quantity position;
  Quantity bid_size;
  Quantity offer_size;
  Money bid_value;
  Money offer_value;
  friend bool operator==(const Exposure&, const Exposure&) = default;
};

// min(m·(p + Q_b) − V_b, M·(p − Q_o) + V_o): the cash this row yields if the market settles at
// its minimum with every open bid filled, or at its maximum with every open offer filled.
inline Money worst_case(const Exposure& e, Price min_settlement, Price max_settlement) {
  const Money at_min = min_settlement * (e.position + e.bid_size) - e.bid_value;
  const Money at_max = max_settlement * (e.position - e.offer_size) + e.offer_value;
  return at_min < at_max ? at_min : at_max;
}

}  // namespace exchange
