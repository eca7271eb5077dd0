#include "naive_model.h"

#include <algorithm>

namespace naive {

std::vector<Order> Model::live_orders(i64 market) const {
  std::vector<Order> result;
  for (const Order& o : live) {
    if (o.market == market) result.push_back(o);
  }
  std::sort(result.begin(), result.end(), [](auto& a, auto& b) { return a.id < b.id; });
  return result;
}

Totals Model::totals(i64 account, i64 market) const {
  Totals t;
  auto p = positions.find({account, market});
  if (p != positions.end()) t.position = p->second;
  for (const Order& o : live) {
    if (o.owner != account || o.market != market) continue;
    if (o.side == kBid) {
      t.bid_size += o.size;
      t.bid_value += i128(o.size) * o.price;
    } else {
      t.offer_size += o.size;
      t.offer_value += i128(o.size) * o.price;
    }
  }
  return t;
}

i128 Model::available_with(i64 account, const std::vector<Order>& orders) const {
  i128 sum = balances.at(account);
  for (const auto& [id, m] : markets) {
    if (m.settled) continue;
    i64 position = 0, bid_size = 0, offer_size = 0;
    i128 bid_value = 0, offer_value = 0;
    auto p = positions.find({account, id});
    if (p != positions.end()) position = p->second;
    for (const Order& o : orders) {
      if (o.owner != account || o.market != id) continue;
      if (o.side == kBid) {
        bid_size += o.size;
        bid_value += i128(o.size) * o.price;
      } else {
        offer_size += o.size;
        offer_value += i128(o.size) * o.price;
      }
    }
    const i128 at_min = i128(m.min) * (position + bid_size) - bid_value;
    const i128 at_max = i128(m.max) * (position - offer_size) + offer_value;
    sum += std::min(at_min, at_max);
  }
  return sum;
}

i128 Model::available(i64 account) const {
  return available_with(account, live);
}

PlaceResult Model::place(i64 account, i64 market, int side, i64 price, i64 size) {
  PlaceResult result;
  auto m = markets.find(market);
  if (m == markets.end()) return PlaceResult{"Market not found", {}, {}, std::nullopt};
  if (m->second.settled) return PlaceResult{"Market already settled", {}, {}, std::nullopt};
  if (m->second.status != 0) return PlaceResult{"Market is paused", {}, {}, std::nullopt};
  if (price < m->second.min || price > m->second.max)
    return PlaceResult{"Invalid price", {}, {}, std::nullopt};
  std::vector<Order> with_new = live;
  with_new.push_back(Order{0, market, account, 0, side, price, size});
  if (available_with(account, with_new) < 0)
    return PlaceResult{"Insufficient funds", {}, {}, std::nullopt};

  const i64 tx = next_tx++;
  rows.insert({account, market});
  // Candidates: opposite side, crossing, best price then oldest.
  std::vector<size_t> candidates;
  for (size_t i = 0; i < live.size(); ++i) {
    const Order& o = live[i];
    if (o.market != market || o.side == side) continue;
    if (side == kBid ? o.price <= price : o.price >= price) candidates.push_back(i);
  }
  std::sort(candidates.begin(), candidates.end(), [&](size_t a, size_t b) {
    const Order& x = live[a];
    const Order& y = live[b];
    if (x.price != y.price) return side == kBid ? x.price < y.price : x.price > y.price;
    return x.placed < y.placed;
  });
  i64 remaining = size;
  for (size_t index : candidates) {
    if (remaining == 0) break;
    Order& resting = live[index];
    const i64 filled = std::min(remaining, resting.size);
    remaining -= filled;
    resting.size -= filled;
    result.fills.push_back(
        Fill{resting.id, resting.owner, resting.side, resting.price, filled, resting.size});
    positions[{resting.owner, market}] += resting.side == kBid ? filled : -filled;
    positions[{account, market}] += side == kBid ? filled : -filled;
    if (resting.owner != account) {
      const bool buyer_is_taker = side == kBid;
      const i64 buyer = buyer_is_taker ? account : resting.owner;
      const i64 seller = buyer_is_taker ? resting.owner : account;
      result.trades.push_back(
          Trade{next_trade++, buyer, seller, resting.price, filled, buyer_is_taker});
      const i128 value = i128(filled) * resting.price;
      balances[buyer] -= value;
      balances[seller] += value;
    }
  }
  live.erase(std::remove_if(live.begin(), live.end(), [](const Order& o) { return o.size == 0; }),
             live.end());
  if (remaining > 0) {
    Order rest{next_order++, market, account, tx, side, price, remaining};
    live.push_back(rest);
    result.resting = rest;
  }
  return result;
}

std::string Model::cancel(i64 account, i64 id) {
  auto it = std::find_if(live.begin(), live.end(), [&](const Order& o) { return o.id == id; });
  if (it == live.end()) return "Order not found";
  if (it->owner != account) return "Not order owner";
  if (markets.at(it->market).status == 2) return "Market is paused";
  live.erase(it);
  ++next_tx;
  return "";
}

OutResult Model::out(i64 account, std::optional<i64> market, int side) {
  std::vector<i64> targets;
  if (market) {
    auto m = markets.find(*market);
    if (m == markets.end()) return OutResult{"Market not found", {}};
    if (m->second.status == 2) return OutResult{"Market is paused", {}};
    targets.push_back(*market);
  } else {
    for (const auto& entry : markets) {
      const i64 id = entry.first;
      if (entry.second.status == 2) continue;
      const bool has_orders = std::any_of(live.begin(), live.end(), [&](const Order& o) {
        return o.owner == account && o.market == id;
      });
      if (has_orders) targets.push_back(id);
    }
  }
  ++next_tx;
  OutResult result;
  for (i64 target : targets) {
    std::vector<i64> ids;
    for (const Order& o : live) {
      if (o.owner == account && o.market == target && (side == 0 || o.side == side)) {
        ids.push_back(o.id);
      }
    }
    if (ids.empty()) continue;
    std::sort(ids.begin(), ids.end());
    live.erase(std::remove_if(live.begin(), live.end(),
                              [&](const Order& o) {
                                return std::find(ids.begin(), ids.end(), o.id) != ids.end();
                              }),
               live.end());
    result.cancelled.emplace_back(target, ids);
  }
  return result;
}

std::string Model::settle(i64 market, i64 price) {
  Market& m = markets.at(market);
  if (m.settled) return "Market already settled";
  if (price < m.min || price > m.max) return "Invalid settlement price";
  ++next_tx;
  m.settled = true;
  for (auto it = positions.begin(); it != positions.end();) {
    if (it->first.second == market) {
      balances[it->first.first] += i128(it->second) * price;
      it = positions.erase(it);
    } else {
      ++it;
    }
  }
  for (auto it = rows.begin(); it != rows.end();) {
    it = it->second == market ? rows.erase(it) : std::next(it);
  }
  live.erase(
      std::remove_if(live.begin(), live.end(), [&](const Order& o) { return o.market == market; }),
      live.end());
  return "";
}

}  // namespace naive
