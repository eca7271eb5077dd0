// Market visibility and account-id hiding (protocol.md section 7, rules.md 7.5, with the
// compatibility fixes): a matrix of public/restricted × shown/hidden markets, seen by an
// outsider, a listed member and a sudo admin.

#include <gtest/gtest.h>

#include <map>
#include <set>

#include "test_exchange.h"

namespace exchange::testing {
namespace {

class Visibility : public ::testing::Test {
 protected:
  void SetUp() override {
    teacher = exchange.user("teacher", true);
    headmaster = exchange.user("headmaster", true);  // a second sudo admin, watching
    carol = exchange.user("carol");  // listed in the restricted markets
    dave = exchange.user("dave");    // listed too: carol's counterparty
    bob = exchange.user("bob");      // an outsider
    for (Trader* student : {&carol, &dave, &bob}) {
      ASSERT_TRUE(teacher->request(make_transfer(teacher.id, student->id, 10000)).has_transfer_created());
    }
    ASSERT_TRUE(teacher->request(set_sudo(true)).has_sudo_status());
    ASSERT_TRUE(headmaster->request(set_sudo(true)).has_sudo_status());
    headmaster->fence();
    for (auto [name, restricted, hidden] : {std::tuple{"P", false, false}, {"PH", false, true},
                                            {"R", true, false}, {"RH", true, true}}) {
      ClientMessage create = create_market(name, 0, 100);
      create.mutable_create_market()->set_hide_account_ids(hidden);
      if (restricted) {
        create.mutable_create_market()->add_visible_to(carol.id);
        create.mutable_create_market()->add_visible_to(dave.id);
      }
      const auto created = teacher->request(create);
      ASSERT_TRUE(created.has_market()) << created.DebugString();
      market[name] = created.market().id();
    }
  }

  // Markets announced to a viewer before the last fence.
  static std::set<int64_t> markets_in(const std::vector<ServerMessage>& messages) {
    std::set<int64_t> ids;
    for (const auto& m : messages) {
      if (m.has_market()) ids.insert(m.market().id());
    }
    return ids;
  }

  TestExchange exchange;
  Trader teacher, headmaster, carol, dave, bob;
  std::map<std::string, int64_t> market;
};

TEST_F(Visibility, MarketAnnouncementsReachOnlyThoseWhoMaySee) {
  EXPECT_EQ(markets_in(bob->fence()), (std::set<int64_t>{market["P"], market["PH"]}));
  EXPECT_EQ(markets_in(carol->fence()),
            (std::set<int64_t>{market["P"], market["PH"], market["R"], market["RH"]}));
  // Fix: a sudo admin sees restricted announcements too (the reference skipped them).
  EXPECT_EQ(markets_in(headmaster->fence()),
            (std::set<int64_t>{market["P"], market["PH"], market["R"], market["RH"]}));
}

TEST_F(Visibility, SnapshotsFilterMarketsAndTheirOrders) {
  Trader late_outsider = exchange.user("erin");
  EXPECT_EQ(markets_in(late_outsider.snapshot), (std::set<int64_t>{market["P"], market["PH"]}));
  for (const auto& m : late_outsider.snapshot) {
    if (m.has_orders()) {
      EXPECT_TRUE(m.orders().market_id() == market["P"] || m.orders().market_id() == market["PH"]);
    }
  }
  // Admins start with sudo off (the headmaster owns none of these markets).
  Trader headmaster_again = exchange.user("headmaster", true);
  EXPECT_EQ(markets_in(headmaster_again.snapshot), (std::set<int64_t>{market["P"], market["PH"]}));
  ASSERT_TRUE(headmaster_again->request(set_sudo(true)).has_sudo_status());
  EXPECT_EQ(markets_in(headmaster_again->fence()),
            (std::set<int64_t>{market["P"], market["PH"], market["R"], market["RH"]}));
}

TEST_F(Visibility, TradesAndCancelsWithHiddenIds) {
  for (Trader* t : {&teacher, &carol, &dave, &bob}) (*t)->fence();
  std::map<std::string, int64_t> carol_orders;
  for (const auto& [name, id] : market) {
    const auto bid = carol->request(create_order(id, websocket_api::BID, 40, 2));
    ASSERT_TRUE(bid.has_order_created()) << name << bid.DebugString();
    carol_orders[name] = bid.order_created().order().id();
    ClientMessage hit = create_order(id, websocket_api::OFFER, 40, 1);
    hit.set_request_id("hit-" + name);
    dave->send(hit);
    const std::string hit_id = hit.request_id();  // clang 14 cannot capture a structured binding
    ASSERT_TRUE(dave->next_matching([&](auto& m) { return m.request_id() == hit_id; }).has_order_created());
  }
  auto trades_seen = [&](Trader& viewer) {
    std::map<int64_t, websocket_api::OrderCreated> seen;  // market → the trade event
    for (const auto& m : viewer->fence()) {
      if (m.has_order_created() && m.order_created().trades_size() > 0) {
        seen[m.order_created().market_id()] = m.order_created();
      }
    }
    return seen;
  };
  const auto by_bob = trades_seen(bob);
  EXPECT_EQ(by_bob.size(), 2u);  // never learns of restricted markets' trades
  EXPECT_EQ(by_bob.at(market["P"]).account_id(), dave.id);
  EXPECT_EQ(by_bob.at(market["P"]).trades(0).buyer_id(), carol.id);
  const auto& hidden_for_bob = by_bob.at(market["PH"]);
  EXPECT_EQ(hidden_for_bob.account_id(), 0);
  EXPECT_EQ(hidden_for_bob.fills(0).owner_id(), 0);
  EXPECT_EQ(hidden_for_bob.trades(0).buyer_id(), 0);
  EXPECT_EQ(hidden_for_bob.trades(0).seller_id(), 0);

  const auto by_carol = trades_seen(carol);
  EXPECT_EQ(by_carol.size(), 4u);
  for (const char* hidden : {"PH", "RH"}) {  // her own id stays, the other side is hidden
    const auto& event = by_carol.at(market[hidden]);
    EXPECT_EQ(event.account_id(), 0);
    EXPECT_EQ(event.fills(0).owner_id(), carol.id);
    EXPECT_EQ(event.trades(0).buyer_id(), carol.id);
    EXPECT_EQ(event.trades(0).seller_id(), 0);
  }
  EXPECT_EQ(by_carol.at(market["R"]).trades(0).seller_id(), dave.id);

  const auto by_teacher = trades_seen(teacher);  // sudo admin: everything, unhidden
  EXPECT_EQ(by_teacher.size(), 4u);
  EXPECT_EQ(by_teacher.at(market["RH"]).account_id(), dave.id);
  EXPECT_EQ(by_teacher.at(market["RH"]).trades(0).buyer_id(), carol.id);

  // Cancels of restricted markets reach only those who may see them.
  for (const auto& [name, order] : carol_orders) {
    ASSERT_TRUE(carol->request(cancel_order(order)).has_orders_cancelled()) << name;
  }
  std::set<int64_t> cancel_markets;
  for (const auto& m : bob->fence()) {
    if (m.has_orders_cancelled()) cancel_markets.insert(m.orders_cancelled().market_id());
  }
  EXPECT_EQ(cancel_markets, (std::set<int64_t>{market["P"], market["PH"]}));
}

TEST_F(Visibility, AnUnseenMarketDoesNotExistForTheOutsider) {
  const int64_t restricted = market["R"];
  auto order = bob->request(create_order(restricted, websocket_api::BID, 1, 1));
  EXPECT_EQ(order.request_failed().error_details().message(), "Market not found");
  ClientMessage history;
  history.mutable_get_full_trade_history()->set_market_id(restricted);
  EXPECT_EQ(bob->request(history).request_failed().error_details().message(), "Market not found");
  ClientMessage out;
  out.mutable_out()->set_market_id(restricted);
  EXPECT_EQ(bob->request(out).request_failed().error_details().message(), "Market not found");
  const auto bid = carol->request(create_order(restricted, websocket_api::BID, 1, 1));
  const int64_t order_id = bid.order_created().order().id();
  EXPECT_EQ(bob->request(cancel_order(order_id)).request_failed().error_details().message(),
            "Order not found");
}

TEST_F(Visibility, HistoriesHideIdsPerViewer) {
  const int64_t hidden = market["PH"];
  ASSERT_TRUE(carol->request(create_order(hidden, websocket_api::BID, 40, 1)).has_order_created());
  ASSERT_TRUE(dave->request(create_order(hidden, websocket_api::OFFER, 40, 1)).has_order_created());
  ClientMessage trades;
  trades.mutable_get_full_trade_history()->set_market_id(hidden);
  const auto for_bob = bob->request(trades);
  ASSERT_EQ(for_bob.trades().trades_size(), 1);
  EXPECT_EQ(for_bob.trades().trades(0).buyer_id(), 0);
  EXPECT_EQ(for_bob.trades().trades(0).seller_id(), 0);
  const auto for_carol = carol->request(trades);
  EXPECT_EQ(for_carol.trades().trades(0).buyer_id(), carol.id);
  EXPECT_EQ(for_carol.trades().trades(0).seller_id(), 0);
  const auto for_teacher = teacher->request(trades);
  EXPECT_EQ(for_teacher.trades().trades(0).seller_id(), dave.id);

  ClientMessage orders;
  orders.mutable_get_full_order_history()->set_market_id(hidden);
  ASSERT_TRUE(carol->request(create_order(hidden, websocket_api::BID, 30, 1)).has_order_created());
  const auto orders_for_bob = bob->request(orders);
  for (const auto& o : orders_for_bob.orders().orders()) EXPECT_EQ(o.owner_id(), 0);
  const auto orders_for_carol = carol->request(orders);
  for (const auto& o : orders_for_carol.orders().orders()) EXPECT_EQ(o.owner_id(), carol.id);
}

TEST_F(Visibility, EditingVisibilityChangesWhoSeesIt) {
  ClientMessage open_up;
  open_up.mutable_edit_market()->set_id(market["R"]);
  open_up.mutable_edit_market()->set_update_visible_to(false);  // presence is what counts
  bob->fence();
  const auto edited = teacher->request(open_up);
  ASSERT_TRUE(edited.has_market()) << edited.DebugString();
  EXPECT_EQ(edited.market().visible_to_size(), 0);
  EXPECT_EQ(markets_in(bob->fence()), (std::set<int64_t>{market["R"]}));
  EXPECT_TRUE(bob->request(create_order(market["R"], websocket_api::BID, 1, 1)).has_order_created());
}

TEST_F(Visibility, ACreatorWhoDidNotListItselfStillSeesItsMarket) {
  ClientMessage create = create_market("bobs-secret", 0, 10);
  create.mutable_create_market()->add_visible_to(carol.id);
  const auto created = bob->request(create);  // the requester always gets the reply
  ASSERT_TRUE(created.has_market()) << created.DebugString();
  const int64_t id = created.market().id();
  Trader bob_again = exchange.user("bob");
  EXPECT_TRUE(markets_in(bob_again.snapshot).contains(id));
  EXPECT_TRUE(bob->request(settle_market(id, 5)).has_market_settled());
  EXPECT_FALSE(markets_in(dave->fence()).contains(id));
}

}  // namespace
}  // namespace exchange::testing
