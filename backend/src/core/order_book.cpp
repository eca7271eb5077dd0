#include "core/order_book.h"

#include <algorithm>
#include <new>

namespace exchange {

RestingOrder OrderBook::Node::record() const {
  return RestingOrder{id,
                      owner,
                      placed,
                      side,
                      Price::from_units(price),
                      Quantity::from_units(size),
                      Timestamp{placed_at_micros}};
}

template <class Levels>
OrderBook::Level& OrderBook::level_for(Levels& levels, int64_t price) {
  // Restoring a book walks prices in book order: a level past the worst one is appended in
  // constant time instead of searched for.
  if (!levels.empty()) {
    auto last = std::prev(levels.end());
    if (last->first == price) return last->second;
    if (levels.key_comp()(last->first, price)) {
      return levels.emplace_hint(levels.end(), price, Level{})->second;
    }
  }
  return levels[price];
}

template <class Levels, class Crosses>
Quantity OrderBook::match_side(Levels& levels, Crosses crosses, Quantity size,
                               std::vector<Fill>& fills) {
  while (!size.is_zero() && !levels.empty()) {
    auto level_it = levels.begin();
    if (!crosses(level_it->first)) break;
    Level& level = level_it->second;
    while (!size.is_zero() && level.head != nullptr) {
      Node* resting = level.head;
      const int64_t filled_units = std::min<int64_t>(int64_t(size.units()), resting->size);
      const Quantity filled = Quantity::from_units(filled_units);
      size -= filled;
      resting->size -= filled_units;
      fills.push_back(Fill{resting->id, resting->owner, resting->side,
                           Price::from_units(resting->price), filled,
                           Quantity::from_units(resting->size)});
      if (resting->size == 0) {
        unlink(resting);
        forget(resting);
      }
    }
    if (level.head == nullptr) levels.erase(level_it);
  }
  return size;
}

Quantity OrderBook::match(Side side, Price limit, Quantity size, std::vector<Fill>& fills) {
  const int128 limit_units = limit.units();
  if (side == Side::kBid) {
    return match_side(
        offers_, [&](int64_t price) { return price <= limit_units; }, size, fills);
  }
  return match_side(
      bids_, [&](int64_t price) { return price >= limit_units; }, size, fills);
}

void OrderBook::insert(const RestingOrder& order) {
  Node* node = pool_.allocate();
  const int64_t price = int64_t(order.price.units());
  Level& level = order.side == Side::kBid ? level_for(bids_, price) : level_for(offers_, price);
  new (node) Node{order.id,    order.owner, order.placed, order.placed_at.micros,
                  price,       int64_t(order.size.units()), &level, level.tail,
                  nullptr,     nullptr,     nullptr,      order.side};
  if (level.tail != nullptr) {
    level.tail->next = node;
  } else {
    level.head = node;
  }
  level.tail = node;

  Node** owner_head = owner_heads_.find(order.owner);
  if (owner_head != nullptr) {
    node->owner_next = *owner_head;
    (*owner_head)->owner_prev = node;
    *owner_head = node;
  } else {
    owner_heads_.set(order.owner, node);
  }
  orders_.set(order.id, node);
}

void OrderBook::unlink(Node* node) {
  Level* level = node->level;
  if (node->prev != nullptr)
    node->prev->next = node->next;
  else
    level->head = node->next;
  if (node->next != nullptr)
    node->next->prev = node->prev;
  else
    level->tail = node->prev;

  if (node->owner_prev != nullptr) {
    node->owner_prev->owner_next = node->owner_next;
  } else if (node->owner_next != nullptr) {
    owner_heads_.set(node->owner, node->owner_next);
  } else {
    owner_heads_.erase(node->owner);
  }
  if (node->owner_next != nullptr) node->owner_next->owner_prev = node->owner_prev;
}

void OrderBook::erase_level_if_empty(Node* node) {
  if (node->level->head != nullptr) return;
  if (node->side == Side::kBid) {
    bids_.erase(node->price);
  } else {
    offers_.erase(node->price);
  }
}

void OrderBook::forget(Node* node) {
  orders_.erase(node->id);
  pool_.release(node);
}

std::optional<RestingOrder> OrderBook::cancel(OrderId id) {
  Node** found = orders_.find(id);
  if (found == nullptr) return std::nullopt;
  Node* node = *found;
  const RestingOrder order = node->record();
  unlink(node);
  erase_level_if_empty(node);
  forget(node);
  return order;
}

void OrderBook::cancel_owner(AccountId owner, std::optional<Side> side,
                             std::vector<RestingOrder>& cancelled) {
  const size_t first = cancelled.size();
  Node** head = owner_heads_.find(owner);
  Node* node = head != nullptr ? *head : nullptr;
  while (node != nullptr) {
    Node* next = node->owner_next;
    if (!side || node->side == *side) {
      cancelled.push_back(node->record());
      unlink(node);
      erase_level_if_empty(node);
      forget(node);
    }
    node = next;
  }
  std::sort(cancelled.begin() + first, cancelled.end(),
            [](const RestingOrder& a, const RestingOrder& b) { return a.id < b.id; });
}

void OrderBook::clear(std::vector<RestingOrder>& removed) {
  std::vector<RestingOrder> all = orders_by_id();
  removed.insert(removed.end(), all.begin(), all.end());
  orders_.for_each([&](int64_t, Node* node) { pool_.release(node); });
  orders_.clear();
  owner_heads_.clear();
  bids_.clear();
  offers_.clear();
}

std::optional<RestingOrder> OrderBook::find(OrderId id) const {
  Node* const* found = orders_.find(id);
  if (found == nullptr) return std::nullopt;
  return (*found)->record();
}

std::optional<Price> OrderBook::best_bid() const {
  if (bids_.empty()) return std::nullopt;
  return Price::from_units(bids_.begin()->first);
}

std::optional<Price> OrderBook::best_offer() const {
  if (offers_.empty()) return std::nullopt;
  return Price::from_units(offers_.begin()->first);
}

std::vector<RestingOrder> OrderBook::orders_by_id() const {
  std::vector<RestingOrder> all;
  all.reserve(orders_.size());
  orders_.for_each([&](int64_t, Node* node) { all.push_back(node->record()); });
  std::sort(all.begin(), all.end(),
            [](const RestingOrder& a, const RestingOrder& b) { return a.id < b.id; });
  return all;
}

std::vector<std::pair<Price, Quantity>> OrderBook::depth(Side side) const {
  std::vector<std::pair<Price, Quantity>> levels;
  auto collect = [&](const auto& side_levels) {
    for (const auto& [price, level] : side_levels) {
      Quantity total;
      for (const Node* node = level.head; node != nullptr; node = node->next) {
        total += Quantity::from_units(node->size);
      }
      levels.emplace_back(Price::from_units(price), total);
    }
  };
  if (side == Side::kBid)
    collect(bids_);
  else
    collect(offers_);
  return levels;
}

}  // namespace exchange
