// The market status log and the snapshot's last trade (additions.md 5 and 6.4), and the
// per-connection filtering of every market event (additions.md 8.3), over the real server.

#include <gtest/gtest.h>

#include <algorithm>
#include <map>

#include "test_exchange.h"

namespace exchange::testing {
namespace {

using Case = ServerMessage::MessageCase;
using websocket_api::MarketStatus;

ClientMessage edit_status(int64_t market, MarketStatus status) {
  ClientMessage message;
  message.mutable_edit_market()->set_id(market);
  message.mutable_edit_market()->set_status(status);
  return message;
}

// The snapshot's messages about one market, in order.
std::vector<ServerMessage> about(const std::vector<ServerMessage>& snapshot, int64_t market) {
  std::vector<ServerMessage> found;
  for (const auto& m : snapshot) {
    if ((m.has_market() && m.market().id() == market) ||
        (m.has_orders() && m.orders().market_id() == market) ||
        (m.has_trades() && m.trades().market_id() == market) ||
        (m.has_market_status_changes() && m.market_status_changes().market_id() == market)) {
      found.push_back(m);
    }
  }
  return found;
}

std::vector<MarketStatus> statuses(const websocket_api::MarketStatusChanges& log) {
  std::vector<MarketStatus> found;
  for (const auto& change : log.changes()) found.push_back(change.status());
  return found;
}

class StatusLog : public ::testing::Test {
 protected:
  void SetUp() override {
    teacher = exchange.user("teacher", true);
    alice = exchange.user("alice");
    bob = exchange.user("bob");
    for (Trader* student : {&alice, &bob}) {
      ASSERT_TRUE(teacher->request(make_transfer(teacher.id, student->id, 1000)).has_transfer_created());
    }
    ASSERT_TRUE(teacher->request(set_sudo(true)).has_sudo_status());
    const auto created = teacher->request(create_market("rain", 0, 100));
    ASSERT_TRUE(created.has_market()) << created.DebugString();
    market = created.market().id();
    created_tx = created.market().transaction_id();
  }

  TestExchange exchange;
  Trader teacher, alice, bob;
  int64_t market = 0;
  int64_t created_tx = 0;
};

TEST_F(StatusLog, SnapshotSendsTheLogAfterEachMarketsTrades) {
  Trader late = exchange.user("late");
  const auto mine = about(late.snapshot, market);
  ASSERT_EQ(mine.size(), 4u);
  EXPECT_EQ(mine[0].message_case(), ServerMessage::kMarket);
  EXPECT_EQ(mine[1].message_case(), ServerMessage::kOrders);
  EXPECT_EQ(mine[2].message_case(), ServerMessage::kTrades);
  ASSERT_EQ(mine[3].message_case(), ServerMessage::kMarketStatusChanges);
  EXPECT_TRUE(mine[3].request_id().empty());
  const auto& log = mine[3].market_status_changes();
  ASSERT_EQ(log.changes_size(), 1);  // created open
  EXPECT_EQ(log.changes(0).status(), websocket_api::MARKET_STATUS_OPEN);
  EXPECT_EQ(log.changes(0).transaction_id(), created_tx);
  EXPECT_EQ(log.changes(0).transaction_timestamp().seconds(),
            mine[0].market().transaction_timestamp().seconds());
  EXPECT_EQ(mine[2].trades().trades_size(), 0);  // never traded
}

TEST_F(StatusLog, StatusChangesAreLoggedBroadcastAndKeptAcrossARestart) {
  alice->fence();
  ClientMessage pause = edit_status(market, websocket_api::MARKET_STATUS_PAUSED);
  pause.set_request_id("pause");
  const auto paused = teacher->request(pause);
  ASSERT_TRUE(paused.has_market()) << paused.DebugString();
  // Everyone: the market (with the requester's id), then the whole log with an empty id.
  const auto seen = alice->fence();
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_TRUE(seen[0].has_market());
  ASSERT_TRUE(seen[1].has_market_status_changes());
  EXPECT_TRUE(seen[1].request_id().empty());
  const auto& log = seen[1].market_status_changes();
  EXPECT_EQ(log.market_id(), market);
  EXPECT_EQ(statuses(log), (std::vector<MarketStatus>{websocket_api::MARKET_STATUS_OPEN,
                                                      websocket_api::MARKET_STATUS_PAUSED}));
  EXPECT_GT(log.changes(1).transaction_id(), created_tx);
  const auto own = teacher->fence();
  EXPECT_TRUE(std::any_of(own.begin(), own.end(),
                          [](auto& m) { return m.has_market_status_changes(); }));

  // An edit that keeps the status logs and sends nothing of the kind.
  ClientMessage rename = edit_status(market, websocket_api::MARKET_STATUS_PAUSED);
  rename.mutable_edit_market()->set_name("rain later");
  ASSERT_TRUE(teacher->request(rename).has_market());
  for (const auto& m : alice->fence()) EXPECT_FALSE(m.has_market_status_changes());

  ASSERT_TRUE(teacher->request(edit_status(market, websocket_api::MARKET_STATUS_SEMI_PAUSED)).has_market());
  ASSERT_TRUE(teacher->request(edit_status(market, websocket_api::MARKET_STATUS_OPEN)).has_market());
  const std::vector<MarketStatus> expected{
      websocket_api::MARKET_STATUS_OPEN, websocket_api::MARKET_STATUS_PAUSED,
      websocket_api::MARKET_STATUS_SEMI_PAUSED, websocket_api::MARKET_STATUS_OPEN};

  teacher = {};
  alice = {};
  bob = {};
  exchange.restart();
  Trader late = exchange.user("late");
  const auto mine = about(late.snapshot, market);
  ASSERT_EQ(mine.size(), 4u);
  ASSERT_TRUE(mine[3].has_market_status_changes());
  EXPECT_EQ(statuses(mine[3].market_status_changes()), expected);
  int64_t previous = 0;
  for (const auto& change : mine[3].market_status_changes().changes()) {
    EXPECT_GT(change.transaction_id(), previous);  // ascending, each its own transaction
    previous = change.transaction_id();
  }
}

TEST_F(StatusLog, SnapshotCarriesTheLastTradeWithHiddenIds) {
  // One offer sweeping two bids: two trades in one transaction; the highest id is sent.
  ASSERT_TRUE(alice->request(create_order(market, websocket_api::BID, 40, 1)).has_order_created());
  ASSERT_TRUE(alice->request(create_order(market, websocket_api::BID, 30, 2)).has_order_created());
  const auto swept = bob->request(create_order(market, websocket_api::OFFER, 30, 3));
  ASSERT_TRUE(swept.has_order_created()) << swept.DebugString();
  ASSERT_EQ(swept.order_created().trades_size(), 2);
  const auto& last = swept.order_created().trades(1);
  EXPECT_GT(last.id(), swept.order_created().trades(0).id());

  const auto mine = about(exchange.user("late").snapshot, market);
  ASSERT_EQ(mine.size(), 4u);
  const auto& trades = mine[2].trades();
  EXPECT_FALSE(trades.hasfullhistory());
  ASSERT_EQ(trades.trades_size(), 1);
  EXPECT_EQ(trades.trades(0).id(), last.id());
  EXPECT_EQ(trades.trades(0).price(), 30);
  EXPECT_EQ(trades.trades(0).size(), 2);
  EXPECT_EQ(trades.trades(0).buyer_id(), alice.id);
  EXPECT_EQ(trades.trades(0).seller_id(), bob.id);

  // Hidden ids: a stranger sees zeros, a party its own id; kept across a restart.
  ClientMessage hide = edit_status(market, websocket_api::MARKET_STATUS_OPEN);
  hide.mutable_edit_market()->set_hide_account_ids(true);
  ASSERT_TRUE(teacher->request(hide).has_market());
  const int64_t bob_id = bob.id;
  teacher = {};
  alice = {};
  bob = {};
  exchange.restart();
  const auto stranger = about(exchange.user("late").snapshot, market);
  ASSERT_EQ(stranger[2].trades().trades_size(), 1);
  EXPECT_EQ(stranger[2].trades().trades(0).id(), last.id());
  EXPECT_EQ(stranger[2].trades().trades(0).buyer_id(), 0);
  EXPECT_EQ(stranger[2].trades().trades(0).seller_id(), 0);
  const auto party = about(exchange.user("bob").snapshot, market);
  EXPECT_EQ(party[2].trades().trades(0).buyer_id(), 0);
  EXPECT_EQ(party[2].trades().trades(0).seller_id(), bob_id);
}

// additions.md 8.3: market, market_settled, redeemed and market_status_changes of a restricted
// market reach only connections that may see it; a listed user owning two listed accounts gets
// one copy; sudo admins get everything.
TEST_F(StatusLog, RestrictedMarketEventsAreFilteredPerConnection) {
  ClientMessage sub;
  sub.mutable_create_account()->set_owner_id(alice.id);
  sub.mutable_create_account()->set_name("alice-bot");
  const auto bot = alice->request(sub);
  ASSERT_TRUE(bot.has_account_created()) << bot.DebugString();
  Trader headmaster = exchange.user("headmaster", true);
  ASSERT_TRUE(headmaster->request(set_sudo(true)).has_sudo_status());
  Trader carol = exchange.user("carol");  // not an admin, lists nothing: an outsider too
  for (Trader* t : {&alice, &bob, &headmaster, &carol}) (*t)->fence();

  ClientMessage create = create_market("secret", 0, 10);
  create.mutable_create_market()->add_visible_to(alice.id);
  create.mutable_create_market()->add_visible_to(bot.account_created().id());
  const auto created = teacher->request(create);
  ASSERT_TRUE(created.has_market()) << created.DebugString();
  const int64_t secret = created.market().id();
  ClientMessage fund = create_market("secret-fund", 0, 0);
  auto* part = fund.mutable_create_market()->add_redeemable_for();
  part->set_constituent_id(secret);
  part->set_multiplier(1);
  fund.mutable_create_market()->add_visible_to(alice.id);
  const auto fund_made = teacher->request(fund);
  ASSERT_TRUE(fund_made.has_market()) << fund_made.DebugString();
  ASSERT_TRUE(teacher->request(edit_status(secret, websocket_api::MARKET_STATUS_PAUSED)).has_market());
  ASSERT_TRUE(teacher->request(edit_status(secret, websocket_api::MARKET_STATUS_OPEN)).has_market());
  ClientMessage redeem;
  redeem.mutable_redeem()->set_fund_id(fund_made.market().id());
  redeem.mutable_redeem()->set_amount(1);
  const auto redeemed = alice->request(redeem);
  ASSERT_TRUE(redeemed.has_redeemed()) << redeemed.DebugString();
  ASSERT_TRUE(teacher->request(settle_market(secret, 5)).has_market_settled());

  auto count = [](const std::vector<ServerMessage>& seen) {
    std::map<Case, int> kinds;
    for (const auto& m : seen) {
      if (m.has_market() || m.has_market_settled() || m.has_redeemed() ||
          m.has_market_status_changes()) {
        ++kinds[m.message_case()];
      }
    }
    return kinds;
  };
  const std::map<Case, int> everything{{ServerMessage::kMarket, 4},
                                       {ServerMessage::kMarketStatusChanges, 2},
                                       {ServerMessage::kRedeemed, 1},
                                       {ServerMessage::kMarketSettled, 1}};
  std::map<Case, int> listed = everything;
  listed.erase(ServerMessage::kRedeemed);  // her own: the reply her request() took
  EXPECT_EQ(count(alice->fence()), listed);  // one copy each, though two listed accounts
  EXPECT_EQ(count(headmaster->fence()), everything);
  EXPECT_EQ(count(bob->fence()), (std::map<Case, int>{}));
  EXPECT_EQ(count(carol->fence()), (std::map<Case, int>{}));
}

}  // namespace
}  // namespace exchange::testing
