#include "core/order_book.h"

#include <algorithm>
#include <new>

namespace exchange {

template <class Levels, class Crosses>
Quantity OrderBook::match_side(Levels& levels, Crosses crosses, Quantity size,
                               std::vector<Fill>& fills) {
  while (!size.is_zero() && !levels.empty()) {
    auto level_it = levels.begin();
    if (!crosses(level_it->first)) break;
    Level& level = level_it->second;
    while (!size.is_zero() && level.head != nullptr) {
      Node* resting = level.head;
      RestingOrder& order = resting->order;
      const Quantity filled = std::min(size, order.size);
      size -= filled;
      order.size -= filled;
      fills.push_back(Fill{order.id, order.owner, order.side, order.price, filled, order.size});
      if (order.size.is_zero()) {
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
        offers_, [&](int128 price) { return price <= limit_units; }, size, fills);
  }
  return match_side(
      bids_, [&](int128 price) { return price >= limit_units; }, size, fills);
}

void OrderBook::insert(const RestingOrder& order) {
  Node* node = pool_.allocate();
  Level& level =
      order.side == Side::kBid ? bids_[order.price.units()] : offers_[order.price.units()];
  new (node) Node{order, &level, level.tail, nullptr, nullptr, nullptr};
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
    owner_heads_.set(node->order.owner, node->owner_next);
  } else {
    owner_heads_.erase(node->order.owner);
  }
  if (node->owner_next != nullptr) node->owner_next->owner_prev = node->owner_prev;
}

void OrderBook::erase_level_if_empty(Node* node) {
  if (node->level->head != nullptr) return;
  if (node->order.side == Side::kBid) {
    bids_.erase(node->order.price.units());
  } else {
    offers_.erase(node->order.price.units());
  }
}

void OrderBook::forget(Node* node) {
  orders_.erase(node->order.id);
  pool_.release(node);
}

std::optional<RestingOrder> OrderBook::cancel(OrderId id) {
  Node** found = orders_.find(id);
  if (found == nullptr) return std::nullopt;
  Node* node = *found;
  const RestingOrder order = node->order;
  unlink(node);
  erase_level_if_empty(node);
  forget(node);
  return order;
}

RestingOrder OrderBook::cancel(const RestingOrder* order) {
  // A RestingOrder handed out by find() is the first member of its Node.
  Node* node = reinterpret_cast<Node*>(const_cast<RestingOrder*>(order));
  const RestingOrder copy = node->order;
  unlink(node);
  erase_level_if_empty(node);
  forget(node);
  return copy;
}

void OrderBook::cancel_owner(AccountId owner, std::optional<Side> side,
                             std::vector<RestingOrder>& cancelled) {
  const size_t first = cancelled.size();
  Node** head = owner_heads_.find(owner);
  Node* node = head != nullptr ? *head : nullptr;
  while (node != nullptr) {
    Node* next = node->owner_next;
    if (!side || node->order.side == *side) {
      cancelled.push_back(node->order);
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

const RestingOrder* OrderBook::find(OrderId id) const {
  Node* const* found = orders_.find(id);
  return found != nullptr ? &(*found)->order : nullptr;
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
  orders_.for_each([&](int64_t, Node* node) { all.push_back(node->order); });
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
        total += node->order.size;
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
