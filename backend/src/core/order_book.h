#pragma once
// The limit order book of one market: price-time priority, partial fills at the resting price.
//
// Guarantees:
// - after match() returns, the book is never crossed (best bid < best offer);
// - within a price level, orders are kept in arrival order (earlier insert fills first);
// - best prices are O(1); insert is O(log L) in the number of price levels; cancel by id is
//   O(1) (hash lookup, list unlink), plus O(log L) when it empties its price level;
// - an owner's live orders are reachable without scanning the book (for Out).
// Self-matching is not prevented here: the book matches by price and time only (rules.md 4.7).

#include <map>
#include <optional>
#include <vector>

#include "core/id_map.h"
#include "core/object_pool.h"
#include "core/order.h"

namespace exchange {

class OrderBook {
 public:
  OrderBook() = default;
  OrderBook(const OrderBook&) = delete;
  OrderBook& operator=(const OrderBook&) = delete;
  OrderBook(OrderBook&&) = default;
  OrderBook& operator=(OrderBook&&) = default;

  // Matches an incoming order against the opposite side, best price first and oldest first
  // within a price, filling at each resting order's price. Appends one Fill per resting order
  // touched and removes the ones filled completely. Returns the incoming size left over.
  Quantity match(Side side, Price limit, Quantity size, std::vector<Fill>& fills);

  // Rests an order. Its id must not be on the book; it queues behind its price level.
  void insert(const RestingOrder& order);

  // Removes a live order; nullopt when no such order rests here.
  std::optional<RestingOrder> cancel(OrderId id);

  // Removes the owner's live orders (of one side, or both when side is empty), appending
  // them to `cancelled` in ascending id order.
  void cancel_owner(AccountId owner, std::optional<Side> side,
                    std::vector<RestingOrder>& cancelled);

  // Removes every order, appending them to `removed` in ascending id order.
  void clear(std::vector<RestingOrder>& removed);

  std::optional<RestingOrder> find(OrderId id) const;
  bool has_orders_of(AccountId owner) const { return owner_heads_.contains(owner); }
  std::optional<Price> best_bid() const;
  std::optional<Price> best_offer() const;
  size_t order_count() const { return orders_.size(); }
  size_t level_count(Side side) const { return side == Side::kBid ? bids_.size() : offers_.size(); }

  // Every live order in ascending id order.
  std::vector<RestingOrder> orders_by_id() const;

  // Aggregated depth: (price, total size) per level, best first.
  std::vector<std::pair<Price, Quantity>> depth(Side side) const;

 private:
  struct Level;
  // An order as the book stores it: 96 bytes. Validated prices and sizes have at most 10^12
  // units, so they fit 64 bits here.
  struct Node {
    OrderId id;
    AccountId owner;
    TransactionId placed;
    int64_t placed_at_micros;
    int64_t price;
    int64_t size;
    Level* level;
    Node* prev;
    Node* next;
    Node* owner_prev;
    Node* owner_next;
    Side side;
    RestingOrder record() const;
  };
  struct Level {
    Node* head = nullptr;
    Node* tail = nullptr;
  };
  // Keys are price units; bids best-first by descending price, offers by ascending.
  using BidLevels = std::map<int64_t, Level, std::greater<int64_t>>;
  using OfferLevels = std::map<int64_t, Level, std::less<int64_t>>;
  template <class Levels>
  static Level& level_for(Levels& levels, int64_t price);

  template <class Levels, class Crosses>
  Quantity match_side(Levels& levels, Crosses crosses, Quantity size, std::vector<Fill>& fills);
  void unlink(Node* node);  // from its level list and owner list, not from maps
  void erase_level_if_empty(Node* node);
  void forget(Node* node);  // drop from the id index and return memory

  BidLevels bids_;
  OfferLevels offers_;
  IdMap<Node*> orders_;
  IdMap<Node*> owner_heads_;
  ObjectPool<Node> pool_;
};

}  // namespace exchange
