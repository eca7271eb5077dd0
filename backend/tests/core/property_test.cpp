// Random operations against the exchange and the naive model; after every step both must
// agree on outcomes, books, balances and exposures, and the invariants must hold.
// PROPERTY_SEED and PROPERTY_OPS override the fixed seed and the number of operations.

#include <gtest/gtest.h>

#include <cstdlib>
#include <random>

#include "core/exchange.h"
#include "exchange_fixture.h"
#include "naive_model.h"

namespace exchange {
namespace {

using namespace exchange::testing;
using naive::i128;
using naive::i64;

class PropertyTest : public ::testing::Test {
 protected:
  static constexpr AccountId kAdmin = 100;
  static constexpr int kAccounts = 6;

  void SetUp() override {
    exchange.restore_market_type({1, "Fun", "", true});
    Account admin;
    admin.id = kAdmin;
    admin.name = "admin";
    admin.identity = "admin";
    exchange.restore_account(admin);
    model.add_account(kAdmin, 0);
    for (AccountId id = 1; id <= kAccounts; ++id) {
      Account account;
      account.id = id;
      account.name = "trader" + std::to_string(id);
      account.identity = account.name;
      const i64 cash = 20'000 + i64(id) * 30'000;  // 2 to 20 in money units ×10^4… see below
      account.balance = Money::from_units(i128(cash) * 100);
      exchange.restore_account(account);
      model.add_account(id, i128(cash) * 100);
    }
    for (int i = 0; i < 3; ++i) add_market();
  }

  void add_market() {
    static const i64 kRanges[][2] = {{0, 1000}, {1000, 2000}, {-500, 500}, {0, 100}};
    const auto& range = kRanges[rng() % 4];
    NewMarket request;
    request.name = "market" + std::to_string(markets_created++);
    request.min_settlement = hundredths(range[0]);
    request.max_settlement = hundredths(range[1]);
    auto created = exchange.create_market(as_sudo_admin(kAdmin), request, kNow);
    ASSERT_TRUE(created.ok());
    model.add_market(created->id, range[0], range[1]);
    ++model.next_tx;
    open_markets.push_back(created->id);
  }

  i64 pick_market() { return open_markets[rng() % open_markets.size()]; }

  void step() {
    const unsigned dice = rng() % 1000;
    if (dice < 700) {
      place();
    } else if (dice < 900) {
      cancel();
    } else if (dice < 930) {
      out();
    } else if (dice < 934) {
      settle();
    } else {
      change_status();
    }
  }

  void place() {
    const AccountId account = 1 + rng() % kAccounts;
    const i64 market = pick_market();
    const naive::Market& m = model.markets.at(market);
    const int side = 1 + int(rng() % 2);
    const i64 span = m.max - m.min;
    i64 price = m.min + span / 2 + i64(rng() % 121) - 60;  // mostly near the middle
    if (rng() % 10 == 0) price = m.min + i64(rng() % (span + 1));
    if (rng() % 50 == 0) price = m.max + 1;  // out of range
    const i64 size = 1 + i64(rng() % (rng() % 8 == 0 ? 5000 : 300));

    auto core = exchange.place_order(
        as_user(account),
        PlaceOrder{market, hundredths(price), hundredths(size), side_from_wire(side)}, kNow);
    const naive::PlaceResult expected = model.place(account, market, side, price, size);
    ASSERT_EQ(core.ok() ? "" : std::string(message(core.error())), expected.error);
    if (!core.ok()) return;
    ASSERT_EQ(core->fills.size(), expected.fills.size());
    for (size_t i = 0; i < expected.fills.size(); ++i) {
      const Fill& got = core->fills[i];
      const naive::Fill& want = expected.fills[i];
      ASSERT_EQ(got.resting_id, want.id);
      ASSERT_EQ(got.resting_owner, want.owner);
      ASSERT_EQ(int(got.resting_side), want.side);
      ASSERT_EQ(got.price.units(), want.price);
      ASSERT_EQ(got.filled.units(), want.filled);
      ASSERT_EQ(got.remaining.units(), want.remaining);
    }
    ASSERT_EQ(core->trades.size(), expected.trades.size());
    for (size_t i = 0; i < expected.trades.size(); ++i) {
      const Trade& got = core->trades[i];
      const naive::Trade& want = expected.trades[i];
      ASSERT_EQ(got.id, want.id);
      ASSERT_EQ(got.buyer, want.buyer);
      ASSERT_EQ(got.seller, want.seller);
      ASSERT_EQ(got.price.units(), want.price);
      ASSERT_EQ(got.size.units(), want.size);
      ASSERT_EQ(got.buyer_is_taker, want.buyer_is_taker);
    }
    ASSERT_EQ(core->resting.has_value(), expected.resting.has_value());
    if (expected.resting) {
      ASSERT_EQ(core->resting->id, expected.resting->id);
      ASSERT_EQ(core->resting->size.units(), expected.resting->size);
      ASSERT_EQ(core->resting->placed, expected.resting->placed);
    }
    ASSERT_EQ(core->transaction.id, model.next_tx - 1);
  }

  void cancel() {
    if (model.live.empty() || rng() % 20 == 0) {
      const i64 id = model.next_order + 5;
      ASSERT_EQ(message(exchange.cancel_order(as_user(1), id, kNow).error()), model.cancel(1, id));
      return;
    }
    const naive::Order target = model.live[rng() % model.live.size()];
    const AccountId account = rng() % 5 == 0 ? 1 + rng() % kAccounts : target.owner;
    auto core = exchange.cancel_order(as_user(account), target.id, kNow);
    const std::string expected = model.cancel(account, target.id);
    ASSERT_EQ(core.ok() ? "" : std::string(message(core.error())), expected);
    if (core.ok()) {
      ASSERT_EQ(core->orders.size(), 1u);
      ASSERT_EQ(core->orders[0].size.units(), target.size);
    }
  }

  void out() {
    const AccountId account = 1 + rng() % kAccounts;
    std::optional<i64> market;
    if (rng() % 2 == 0) market = rng() % 10 == 0 ? 999 : pick_market();
    const int side = int(rng() % 3);
    auto core = exchange.out(as_user(account), market, side_from_wire(side), kNow);
    const naive::OutResult expected = model.out(account, market, side);
    ASSERT_EQ(core.ok() ? "" : std::string(message(core.error())), expected.error);
    if (!core.ok()) return;
    ASSERT_EQ(core->markets.size(), expected.cancelled.size());
    for (size_t i = 0; i < expected.cancelled.size(); ++i) {
      ASSERT_EQ(core->markets[i].market, expected.cancelled[i].first);
      std::vector<i64> ids;
      for (const RestingOrder& order : core->markets[i].orders) ids.push_back(order.id);
      ASSERT_EQ(ids, expected.cancelled[i].second);
    }
  }

  void settle() {
    const size_t index = rng() % open_markets.size();
    const i64 market = open_markets[index];
    const naive::Market& m = model.markets.at(market);
    const i64 price = rng() % 10 == 0 ? m.min - 1 : m.min + i64(rng() % (m.max - m.min + 1));
    auto core = exchange.settle_market(as_sudo_admin(kAdmin), market, hundredths(price), kNow);
    const std::string expected = model.settle(market, price);
    ASSERT_EQ(core.ok() ? "" : std::string(message(core.error())), expected);
    if (!core.ok()) return;
    ASSERT_EQ(exchange.book(market)->order_count(), 0u);
    open_markets.erase(open_markets.begin() + long(index));
    add_market();
  }

  void change_status() {
    const i64 market = pick_market();
    const int status = rng() % 3 == 0 ? 0 : int(rng() % 3);
    MarketEdit edit;
    edit.market = market;
    edit.status = market_status_from_wire(status);
    ASSERT_TRUE(exchange.edit_market(as_sudo_admin(kAdmin), edit, kNow).ok());
    model.set_status(market, status);
  }

  void check_state() {
    i128 total_cash = 0;
    for (const auto& [id, balance] : model.balances) {
      const Account* account = exchange.account(id);
      ASSERT_EQ(account->balance.units(), balance) << "account " << id;
      total_cash += balance;
      ASSERT_EQ(account->available_balance().units(), model.available(id)) << "account " << id;
      ASSERT_EQ(account->worst_case_sum, exchange.recomputed_worst_case_sum(id));
      std::set<std::pair<i64, i64>> rows;
      for (const auto& [market, exposure] : account->exposures) {
        rows.insert({id, market});
        const naive::Totals want = model.totals(id, market);
        ASSERT_EQ(exposure.position.units(), want.position);
        ASSERT_EQ(exposure.bid_size.units(), want.bid_size);
        ASSERT_EQ(exposure.offer_size.units(), want.offer_size);
        ASSERT_EQ(exposure.bid_value.units(), want.bid_value);
        ASSERT_EQ(exposure.offer_value.units(), want.offer_value);
      }
      std::set<std::pair<i64, i64>> expected_rows;
      for (const auto& row : model.rows) {
        if (row.first == id) expected_rows.insert(row);
      }
      ASSERT_EQ(rows, expected_rows) << "account " << id;
    }
    ASSERT_EQ(total_cash, initial_cash);  // trades and settlements only move cash around
    for (const auto& [market, m] : model.markets) {
      if (m.settled) continue;  // emptied and checked when it settled
      const OrderBook* book = exchange.book(market);
      const std::vector<RestingOrder> got = book->orders_by_id();
      const std::vector<naive::Order> want = model.live_orders(market);
      ASSERT_EQ(got.size(), want.size()) << "market " << market;
      for (size_t i = 0; i < want.size(); ++i) {
        ASSERT_EQ(got[i].id, want[i].id);
        ASSERT_EQ(got[i].owner, want[i].owner);
        ASSERT_EQ(int(got[i].side), want[i].side);
        ASSERT_EQ(got[i].price.units(), want[i].price);
        ASSERT_EQ(got[i].size.units(), want[i].size);
        ASSERT_EQ(got[i].placed, want[i].placed);
      }
      if (book->best_bid() && book->best_offer()) {
        ASSERT_LT(*book->best_bid(), *book->best_offer());
      }
    }
  }

  Exchange exchange;
  naive::Model model;
  std::mt19937_64 rng{env_or("PROPERTY_SEED", 20261124)};
  std::vector<i64> open_markets;
  int markets_created = 0;
  i128 initial_cash = 0;
};

TEST_F(PropertyTest, AgreesWithNaiveModel) {
  const uint64_t seed = env_or("PROPERTY_SEED", 20261124);
  const uint64_t operations = env_or("PROPERTY_OPS", 100000);
  std::printf("property test: seed %llu, %llu operations (PROPERTY_SEED/PROPERTY_OPS)\n",
              (unsigned long long)seed, (unsigned long long)operations);
  for (const auto& [id, balance] : model.balances) initial_cash += balance;
  size_t trades = 0, live_orders = 0;
  for (uint64_t i = 0; i < operations; ++i) {
    const i64 trades_before = model.next_trade;
    ASSERT_NO_FATAL_FAILURE(step()) << "operation " << i;
    ASSERT_NO_FATAL_FAILURE(check_state()) << "operation " << i;
    trades += size_t(model.next_trade - trades_before);
    live_orders += model.live.size();
  }
  std::printf("property test: %zu trades, %.1f live orders on average\n", trades,
              double(live_orders) / double(operations));
  EXPECT_GT(trades, operations / 20);  // the workload really trades
}

}  // namespace
}  // namespace exchange
