#pragma once
// Orders as the book holds them, and the record of one match.

#include <cstdint>

#include "core/fixed_point.h"
#include "core/ids.h"

namespace exchange {

enum class Side : uint8_t { kBid = 1, kOffer = 2 };

constexpr Side opposite(Side side) {
  return side == Side::kBid ? Side::kOffer : Side::kBid;
}

// A live limit order: size > 0 while it rests on the book.
struct RestingOrder {
  OrderId id = 0;
  AccountId owner = 0;
  TransactionId placed = 0;  // placement transaction: the time-priority key
  Side side = Side::kBid;
  Price price;
  Quantity size;  // remaining size
  Timestamp placed_at;
  friend bool operator==(const RestingOrder&, const RestingOrder&) = default;
};

// One resting order matched by an incoming order, at the resting order's price.
struct Fill {
  OrderId resting_id = 0;
  AccountId resting_owner = 0;
  Side resting_side = Side::kBid;
  Price price;
  Quantity filled;
  Quantity remaining;  // the resting order's size after this fill; 0 = it left the book
  friend bool operator==(const Fill&, const Fill&) = default;
};

}  // namespace exchange
