#pragma once
// A deliberately naive model of the trading rules, for the property test: plain vectors and
// maps, linear scans, everything recomputed from scratch. It shares no code with core/ (only
// plain integers: prices and sizes in hundredths, money in ten-thousandths).

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace naive {

using i64 = long long;
using i128 = __int128;

enum { kBid = 1, kOffer = 2 };

struct Order {
  i64 id, market, owner, placed;
  int side;
  i64 price, size;  // hundredths
};
struct Fill {
  i64 id, owner;
  int side;
  i64 price, filled, remaining;
};
struct Trade {
  i64 id, buyer, seller, price, size;
  bool buyer_is_taker;
};
struct Market {
  i64 min, max;  // hundredths
  bool settled = false;
  int status = 0;
};
struct Totals {
  i64 position = 0, bid_size = 0, offer_size = 0;
  i128 bid_value = 0, offer_value = 0;  // ten-thousandths
};

struct PlaceResult {
  std::string error;  // empty on success
  std::vector<Fill> fills;
  std::vector<Trade> trades;
  std::optional<Order> resting;
};
struct OutResult {
  std::string error;
  std::vector<std::pair<i64, std::vector<i64>>> cancelled;  // market → ids, ascending
};

class Model {
 public:
  void add_account(i64 id, i128 balance) { balances[id] = balance; }
  void add_market(i64 id, i64 min, i64 max) { markets[id] = Market{min, max}; }

  PlaceResult place(i64 account, i64 market, int side, i64 price, i64 size);
  std::string cancel(i64 account, i64 id);
  OutResult out(i64 account, std::optional<i64> market, int side);
  std::string settle(i64 market, i64 price);
  // A change of status takes a transaction for the status log (additions.md 5.2).
  void set_status(i64 market, int status) {
    if (markets.at(market).status != status) ++next_tx;
    markets.at(market).status = status;
  }

  Totals totals(i64 account, i64 market) const;  // recomputed from live orders
  i128 available(i64 account) const;
  std::vector<Order> live_orders(i64 market) const;  // ascending id

  std::map<i64, i128> balances;
  std::map<i64, Market> markets;
  std::vector<Order> live;
  std::map<std::pair<i64, i64>, i64> positions;  // (account, market) → hundredths
  std::set<std::pair<i64, i64>> rows;            // exposure rows that exist
  i64 next_order = 1, next_trade = 1, next_tx = 1;

 private:
  i128 available_with(i64 account, const std::vector<Order>& orders) const;
};

}  // namespace naive
