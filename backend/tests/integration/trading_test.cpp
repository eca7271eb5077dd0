// Trading over real WebSockets: markets, orders, trades reaching every client, cancels, Out,
// settlement and transfers (protocol.md 3.3.1-3.3.6).

#include <gtest/gtest.h>

#include "classroom.h"
#include "test_exchange.h"

namespace exchange::testing {
namespace {

class Trading : public Classroom {
 protected:
  Trading() : Classroom(1000, "welcome") {}

  void SetUp() override {
    Classroom::SetUp();
    if (HasFatalFailure()) return;
    auto created = teacher->request(create_market("coin", 0, 100));
    ASSERT_TRUE(created.has_market()) << created.DebugString();
    market = created.market().id();
    for (Trader* t : {&teacher, &alice, &bob}) t->client->fence();
  }

  const websocket_api::Portfolio& latest_portfolio(std::vector<ServerMessage>& messages,
                                                   int64_t account) {
    for (auto it = messages.rbegin(); it != messages.rend(); ++it) {
      if (it->has_portfolio_updated() && it->portfolio_updated().account_id() == account) {
        return it->portfolio_updated();
      }
    }
    throw std::runtime_error("no portfolio update");
  }

  int64_t market = 0;
};

TEST_F(Trading, ATradeReachesEveryClientWithTheRequestersId) {
  auto bid = alice->request(create_order(market, websocket_api::BID, 40, 3));
  ASSERT_TRUE(bid.has_order_created()) << bid.DebugString();
  const auto& resting = bid.order_created().order();
  EXPECT_EQ(resting.owner_id(), alice.id);
  EXPECT_EQ(resting.size(), 3);
  ASSERT_EQ(resting.sizes_size(), 1);
  EXPECT_EQ(resting.sizes(0).size(), 3);
  EXPECT_EQ(resting.sizes(0).transaction_id(), bid.order_created().transaction_id());

  ClientMessage sell = create_order(market, websocket_api::OFFER, 35, 5);
  sell.set_request_id("bob-sells");
  bob->send(sell);
  for (Trader* viewer : {&teacher, &alice, &bob}) {
    auto seen = (*viewer)->next_matching([](auto& m) { return m.has_order_created() && m.order_created().trades_size() > 0; });
    EXPECT_EQ(seen.request_id(), "bob-sells");
    const auto& created = seen.order_created();
    EXPECT_EQ(created.account_id(), bob.id);
    ASSERT_EQ(created.fills_size(), 1);
    EXPECT_EQ(created.fills(0).id(), resting.id());
    EXPECT_EQ(created.fills(0).owner_id(), alice.id);
    EXPECT_EQ(created.fills(0).size_filled(), 3);
    EXPECT_EQ(created.fills(0).size_remaining(), 0);
    EXPECT_EQ(created.fills(0).price(), 40);
    EXPECT_EQ(created.fills(0).side(), websocket_api::BID);
    ASSERT_EQ(created.trades_size(), 1);
    EXPECT_EQ(created.trades(0).buyer_id(), alice.id);
    EXPECT_EQ(created.trades(0).seller_id(), bob.id);
    EXPECT_EQ(created.trades(0).price(), 40);
    EXPECT_FALSE(created.trades(0).buyer_is_taker());
    ASSERT_TRUE(created.has_order());  // 2 left resting at 35
    EXPECT_EQ(created.order().size(), 2);
    EXPECT_EQ(created.order().price(), 35);
  }
  auto alice_messages = alice->fence();
  auto& alice_portfolio = latest_portfolio(alice_messages, alice.id);
  EXPECT_EQ(alice_portfolio.total_balance(), 1000 - 120);
  EXPECT_EQ(alice_portfolio.available_balance(), 1000 - 120);  // long 3 with min 0
  ASSERT_EQ(alice_portfolio.market_exposures_size(), 1);
  EXPECT_EQ(alice_portfolio.market_exposures(0).position(), 3);
  auto bob_messages = bob->fence();
  auto& bob_portfolio = latest_portfolio(bob_messages, bob.id);
  EXPECT_EQ(bob_portfolio.total_balance(), 1000 + 120);
  // short 3 and offering 2 at 35: worst case 100 × (−5) + 70 = −430
  EXPECT_EQ(bob_portfolio.available_balance(), 1120 - 430);
  // Only owners receive a portfolio update.
  for (const auto& m : bob_messages) {
    if (m.has_portfolio_updated()) {
      EXPECT_EQ(m.portfolio_updated().account_id(), bob.id);
    }
  }
}

TEST_F(Trading, CancelAndOut) {
  const auto first = alice->request(create_order(market, websocket_api::BID, 10, 1));
  const auto second = alice->request(create_order(market, websocket_api::OFFER, 90, 1));
  const int64_t first_id = first.order_created().order().id();
  auto refused = bob->request(cancel_order(first_id));
  EXPECT_EQ(refused.request_failed().request_details().kind(), "CancelOrder");
  EXPECT_EQ(refused.request_failed().error_details().message(), "Not order owner");

  ClientMessage cancel = cancel_order(first_id);
  cancel.set_request_id("c1");
  alice->send(cancel);
  for (Trader* viewer : {&alice, &bob}) {
    auto seen = (*viewer)->next_matching([](auto& m) { return m.has_orders_cancelled(); });
    EXPECT_EQ(seen.request_id(), "c1");
    ASSERT_EQ(seen.orders_cancelled().order_ids_size(), 1);
    EXPECT_EQ(seen.orders_cancelled().order_ids(0), first_id);
    EXPECT_EQ(seen.orders_cancelled().market_id(), market);
  }
  auto gone = alice->request(cancel_order(first_id));
  EXPECT_EQ(gone.request_failed().error_details().message(), "Order not found");

  ClientMessage out;
  out.set_request_id("out");
  out.mutable_out();  // every market, both sides
  alice->send(out);
  auto echo = alice->next_matching([](auto& m) { return m.has_out() || m.has_orders_cancelled(); });
  ASSERT_TRUE(echo.has_out()) << "the Out reply must come before its OrdersCancelled";
  EXPECT_EQ(echo.request_id(), "out");
  EXPECT_FALSE(echo.out().has_market_id());
  auto swept = alice->next_matching([](auto& m) { return m.has_orders_cancelled(); });
  EXPECT_TRUE(swept.request_id().empty());
  ASSERT_EQ(swept.orders_cancelled().order_ids_size(), 1);
  EXPECT_EQ(swept.orders_cancelled().order_ids(0), second.order_created().order().id());

  ClientMessage missing;
  missing.mutable_out()->set_market_id(999);
  auto unknown = alice->request(missing);
  EXPECT_EQ(unknown.request_failed().request_details().kind(), "Out");
  EXPECT_EQ(unknown.request_failed().error_details().message(), "Market not found");
}

TEST_F(Trading, SettlementPaysPositions) {
  ASSERT_TRUE(alice->request(create_order(market, websocket_api::BID, 40, 2)).has_order_created());
  ASSERT_TRUE(bob->request(create_order(market, websocket_api::OFFER, 40, 2)).has_order_created());
  auto not_owner = alice->request(settle_market(market, 60));
  EXPECT_EQ(not_owner.request_failed().error_details().message(), "Not market owner");
  auto out_of_range = teacher->request(settle_market(market, 101));
  EXPECT_EQ(out_of_range.request_failed().error_details().message(), "Invalid settlement price");

  ClientMessage settle = settle_market(market, 60);
  settle.set_request_id("settle");
  teacher->send(settle);
  auto settled = bob->next_matching([](auto& m) { return m.has_market_settled(); });
  EXPECT_EQ(settled.request_id(), "settle");
  EXPECT_EQ(settled.market_settled().id(), market);
  EXPECT_EQ(settled.market_settled().settle_price(), 60);
  auto alice_messages = alice->fence();
  EXPECT_EQ(latest_portfolio(alice_messages, alice.id).total_balance(), 1000 - 80 + 120);
  EXPECT_EQ(latest_portfolio(alice_messages, alice.id).market_exposures_size(), 0);
  auto bob_messages = bob->fence();
  EXPECT_EQ(latest_portfolio(bob_messages, bob.id).total_balance(), 1000 + 80 - 120);
  auto again = alice->request(create_order(market, websocket_api::BID, 40, 1));
  EXPECT_EQ(again.request_failed().error_details().message(), "Market already settled");
}

TEST_F(Trading, TransfersGoPrivatelyToBothSides) {
  ClientMessage pay = make_transfer(alice.id, bob.id, 12.5, "lunch");
  pay.set_request_id("pay");
  alice->send(pay);
  for (Trader* side : {&alice, &bob}) {
    auto created = (*side)->next_matching([](auto& m) { return m.has_transfer_created(); });
    EXPECT_EQ(created.request_id(), "pay");
    EXPECT_EQ(created.transfer_created().amount(), 12.5);
    EXPECT_EQ(created.transfer_created().note(), "lunch");
    EXPECT_EQ(created.transfer_created().initiator_id(), alice.id);
  }
  // The teacher is not involved and hears nothing of it.
  for (const auto& m : teacher->fence()) EXPECT_FALSE(m.has_transfer_created());
  auto refused = [&](ClientMessage request) {
    auto reply = alice->request(std::move(request));
    EXPECT_EQ(reply.request_failed().request_details().kind(), "MakeTransfer");
    return reply.request_failed().error_details().message();
  };
  EXPECT_EQ(refused(make_transfer(alice.id, alice.id, 1)), "Cannot pay yourself");
  EXPECT_EQ(refused(make_transfer(alice.id, bob.id, -1)), "Invalid amount");
  EXPECT_EQ(refused(make_transfer(alice.id, bob.id, 0.00001)), "Invalid amount");
  EXPECT_EQ(refused(make_transfer(alice.id, bob.id, 5000)), "Insufficient funds");
  EXPECT_EQ(refused(make_transfer(alice.id, 999, 1)), "Account not found");
  EXPECT_EQ(refused(make_transfer(bob.id, alice.id, 1)), "Account not owned");
}

TEST_F(Trading, OrderErrorsInProtocolOrder) {
  auto error_of = [&](ClientMessage request) {
    auto reply = alice->request(std::move(request));
    EXPECT_EQ(reply.request_failed().request_details().kind(), "CreateOrder");
    return reply.request_failed().error_details().message();
  };
  EXPECT_EQ(error_of(create_order(market, websocket_api::BID, std::nan(""), 1)), "Invalid price");
  EXPECT_EQ(error_of(create_order(market, websocket_api::BID, 1, INFINITY)), "Invalid size");
  EXPECT_EQ(error_of(create_order(market, websocket_api::UNKNOWN, 1, 1)), "No side provided");
  EXPECT_EQ(error_of(create_order(market, websocket_api::BID, 1.001, 1)), "Invalid price");
  EXPECT_EQ(error_of(create_order(market, websocket_api::BID, 1, 0)), "Invalid size");
  EXPECT_EQ(error_of(create_order(999, websocket_api::BID, 1, 1)), "Market not found");
  EXPECT_EQ(error_of(create_order(market, websocket_api::BID, 101, 1)), "Invalid price");
  EXPECT_EQ(error_of(create_order(market, websocket_api::BID, 100, 11)), "Insufficient funds");
  // Exactly 0 available afterwards is accepted.
  EXPECT_TRUE(alice->request(create_order(market, websocket_api::BID, 100, 10)).has_order_created());
}

TEST_F(Trading, MarketErrorsAndEdits) {
  auto error_of = [&](Trader& who, ClientMessage request) {
    auto reply = who->request(std::move(request));
    return reply.has_request_failed() ? reply.request_failed().error_details().message() : "";
  };
  EXPECT_EQ(error_of(alice, create_market("bad", 10, 10)), "Invalid settlement prices");
  EXPECT_EQ(error_of(alice, create_market("coin", 0, 1)), "Market name already exists");
  EXPECT_EQ(error_of(alice, create_market("alice's", 0, 1)), "");

  ClientMessage pin;
  pin.mutable_edit_market()->set_id(market);
  pin.mutable_edit_market()->set_pinned(true);
  EXPECT_EQ(error_of(alice, pin),
            "Only admins can edit market name, status, pinned, visibility, and redeemable "
            "settings");
  // An admin without sudo has no admin powers.
  EXPECT_EQ(error_of(teacher, pin),
            "Only admins can edit market name, status, pinned, visibility, and redeemable "
            "settings");
  ASSERT_TRUE(teacher->request(set_sudo(true)).has_sudo_status());
  auto pinned = teacher->request(pin);
  ASSERT_TRUE(pinned.has_market()) << pinned.DebugString();
  EXPECT_TRUE(pinned.market().pinned());

  ClientMessage describe;
  describe.mutable_edit_market()->set_id(market);
  describe.mutable_edit_market()->set_description("mine?");
  EXPECT_EQ(error_of(alice, describe), "You can only edit your own market's description");
}

}  // namespace
}  // namespace exchange::testing
