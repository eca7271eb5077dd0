// Durability: what was acknowledged is there after a restart, and the rebuilt in-memory state
// equals the state before shutdown.

#include <gtest/gtest.h>

#include "core/exchange.h"
#include "test_exchange.h"

namespace exchange::testing {
namespace {

// Everything the sequencer rebuilds at start-up, in comparable form.
struct StateImage {
  std::vector<std::tuple<AccountId, std::string, Money, std::map<MarketId, Exposure>>> accounts;
  std::vector<Market> markets;
  std::vector<std::pair<MarketId, std::vector<RestingOrder>>> books;
  std::vector<Transfer> transfers;
  IdCounters counters;
  bool operator==(const StateImage&) const = default;
};

StateImage image_of(const Exchange& exchange) {
  StateImage image;
  for (const Account* account : exchange.accounts_by_id()) {
    image.accounts.emplace_back(account->id, account->name, account->balance, account->exposures);
  }
  for (const Market* market : exchange.markets_by_id()) {
    image.markets.push_back(*market);
    image.books.emplace_back(market->id, exchange.book(market->id)->orders_by_id());
  }
  image.transfers = exchange.transfers();
  image.counters = exchange.counters();
  return image;
}

TEST(Restart, StateIsRebuiltExactlyAndOldOrdersStillMatch) {
  TestExchange exchange;
  int64_t market = 0, other = 0, alice_id = 0, bob_id = 0;
  {
    Trader teacher = exchange.user("teacher", true);
    Trader alice = exchange.user("alice");
    Trader bob = exchange.user("bob");
    alice_id = alice.id;
    bob_id = bob.id;
    ASSERT_TRUE(teacher->request(make_transfer(teacher.id, alice.id, 500)).has_transfer_created());
    ASSERT_TRUE(teacher->request(make_transfer(teacher.id, bob.id, 500)).has_transfer_created());
    market = teacher->request(create_market("restart", 0, 10)).market().id();
    other = teacher->request(create_market("settled", 0, 10)).market().id();
    for (double price : {1.0, 2.5, 2.5, 3.0}) {
      ASSERT_TRUE(alice->request(create_order(market, websocket_api::BID, price, 2)).has_order_created());
    }
    ASSERT_TRUE(bob->request(create_order(market, websocket_api::OFFER, 2.5, 3)).has_order_created());
    ASSERT_TRUE(bob->request(create_order(market, websocket_api::OFFER, 7, 1.25)).has_order_created());
    ASSERT_TRUE(alice->request(create_order(other, websocket_api::BID, 5, 1)).has_order_created());
    ASSERT_TRUE(bob->request(create_order(other, websocket_api::OFFER, 5, 1)).has_order_created());
    ASSERT_TRUE(teacher->request(settle_market(other, 8)).has_market_settled());
  }
  exchange.stop();
  // Rebuild once to read the state as stored, then compare with a second, independent rebuild.
  exchange.start();
  exchange.server().stop();
  const StateImage before = image_of(exchange.server().instance().exchange());
  exchange.stop();
  exchange.start();
  exchange.server().stop();
  EXPECT_EQ(image_of(exchange.server().instance().exchange()), before);
  exchange.stop();
  exchange.start();

  // The books as the old orders left them: bids 3 (filled by 2), 2.5 ×2 (one filled by 1 more
  // → 1 left on the first), 1; offer 1.25 at 7.
  Trader alice = exchange.user("alice");
  EXPECT_EQ(alice.id, alice_id);
  const ServerMessage* orders = nullptr;
  for (const auto& m : alice.snapshot) {
    if (m.has_orders() && m.orders().market_id() == market) orders = &m;
  }
  ASSERT_NE(orders, nullptr);
  std::vector<std::pair<double, double>> live;
  for (const auto& o : orders->orders().orders()) live.emplace_back(o.price(), o.size());
  EXPECT_EQ(live, (std::vector<std::pair<double, double>>{{1, 2}, {2.5, 1}, {2.5, 2}, {7, 1.25}}));

  Trader bob = exchange.user("bob");
  EXPECT_EQ(bob.id, bob_id);
  auto hit = bob->request(create_order(market, websocket_api::OFFER, 2.5, 2));
  ASSERT_TRUE(hit.has_order_created()) << hit.DebugString();
  ASSERT_EQ(hit.order_created().trades_size(), 2);
  EXPECT_EQ(hit.order_created().trades(0).size(), 1);  // the older 2.5 bid first
  EXPECT_EQ(hit.order_created().trades(1).size(), 1);
  EXPECT_EQ(hit.order_created().trades(0).buyer_id(), alice_id);
}

}  // namespace
}  // namespace exchange::testing
