// Authentication and the login snapshot (protocol.md 5.2, 6.4-6.6).

#include <gtest/gtest.h>

#include "test_exchange.h"

namespace exchange::testing {
namespace {

using Case = ServerMessage::MessageCase;

std::vector<Case> cases_of(const std::vector<ServerMessage>& messages) {
  std::vector<Case> cases;
  for (const auto& message : messages) cases.push_back(message.message_case());
  return cases;
}

TEST(Login, SnapshotOrderForAFreshExchange) {
  TestExchange exchange;
  auto client = exchange.connect();
  const auto snapshot = client->login(test_token("teacher", true));
  EXPECT_EQ(cases_of(snapshot),
            (std::vector<Case>{ServerMessage::kAuthenticated, ServerMessage::kTransfers,
                               ServerMessage::kPortfolios, ServerMessage::kAccounts,
                               ServerMessage::kUniverses, ServerMessage::kMarketTypes,
                               ServerMessage::kMarketGroups, ServerMessage::kActingAs}));
  const int64_t me = snapshot[0].authenticated().account_id();
  EXPECT_EQ(snapshot[0].request_id(), "login");
  EXPECT_EQ(me, 2);  // 0 Hidden and 1 Arbor Pixie come with the database
  ASSERT_EQ(snapshot[2].portfolios().portfolios_size(), 1);
  EXPECT_EQ(snapshot[2].portfolios().portfolios(0).total_balance(), 100'000'000);  // admin
  const auto& accounts = snapshot[3].accounts().accounts();
  ASSERT_EQ(accounts.size(), 3);
  EXPECT_EQ(accounts[0].name(), "Hidden");
  EXPECT_FALSE(accounts[0].is_user());
  EXPECT_EQ(accounts[1].name(), "Arbor Pixie");
  EXPECT_TRUE(accounts[1].is_user());
  EXPECT_EQ(accounts[2].name(), "teacher");
  const auto& universes = snapshot[4].universes().universes();
  ASSERT_EQ(universes.size(), 1);
  EXPECT_EQ(universes[0].id(), 0);
  EXPECT_EQ(universes[0].name(), "Main");
  const auto& types = snapshot[5].market_types().market_types();
  ASSERT_EQ(types.size(), 2);
  EXPECT_EQ(types[0].name(), "Other Markets");  // renamed by migration 0009
  EXPECT_TRUE(types[0].public_());
  EXPECT_EQ(types[1].name(), "Scenarios");
  EXPECT_FALSE(types[1].public_());
  EXPECT_EQ(snapshot.back().acting_as().account_id(), me);
  EXPECT_EQ(snapshot.back().acting_as().universe_id(), 0);
  EXPECT_EQ(snapshot.back().acting_as().user_id(), me);
  EXPECT_TRUE(snapshot.back().request_id().empty());
}

TEST(Login, SnapshotListsMarketsWithLiveOrdersAndEmptyTrades) {
  TestExchange exchange;
  Trader teacher = exchange.user("teacher", true);
  const auto created = teacher->request(create_market("rain", 0, 100));
  ASSERT_TRUE(created.has_market()) << created.DebugString();
  const int64_t market = created.market().id();
  ASSERT_TRUE(teacher->request(create_order(market, websocket_api::BID, 40, 2)).has_order_created());

  Trader student = exchange.user("student");
  const auto cases = cases_of(student.snapshot);
  EXPECT_EQ(cases, (std::vector<Case>{ServerMessage::kAuthenticated, ServerMessage::kTransfers,
                                      ServerMessage::kPortfolios, ServerMessage::kAccounts,
                                      ServerMessage::kUniverses, ServerMessage::kMarketTypes,
                                      ServerMessage::kMarketGroups, ServerMessage::kMarket, ServerMessage::kOrders,
                                      ServerMessage::kTrades, ServerMessage::kMarketStatusChanges,
                                      ServerMessage::kActingAs}));
  const auto& orders = student.snapshot[8].orders();
  EXPECT_EQ(orders.market_id(), market);
  EXPECT_FALSE(orders.hasfullhistory());
  ASSERT_EQ(orders.orders_size(), 1);
  EXPECT_EQ(orders.orders(0).owner_id(), teacher.id);
  EXPECT_EQ(orders.orders(0).price(), 40);
  EXPECT_EQ(orders.orders(0).size(), 2);
  EXPECT_EQ(orders.orders(0).sizes_size(), 0);
  EXPECT_EQ(student.snapshot[9].trades().trades_size(), 0);
  EXPECT_EQ(student.snapshot[10].market_status_changes().market_id(), market);
}

TEST(Login, FirstLoginIsAnnouncedToOthersAndNameClashesGetASuffix) {
  TestExchange exchange;
  Trader first = exchange.user("sam");
  auto second = exchange.connect();
  const auto snapshot = second->login("test::kp_0123456789::sam::false");
  const int64_t id = snapshot[0].authenticated().account_id();
  const auto announced = first->next_matching([](auto& m) { return m.has_account_created(); });
  EXPECT_EQ(announced.account_created().id(), id);
  EXPECT_EQ(announced.account_created().name(), "sam-2");  // cohorts.md 3.5 step 5
  EXPECT_TRUE(announced.account_created().is_user());
  EXPECT_TRUE(announced.request_id().empty());
  EXPECT_EQ(snapshot[2].portfolios().portfolios(0).total_balance(), 0);  // not an admin
}

TEST(Login, RefusalsKeepTheConnectionWaiting) {
  TestExchange exchange;
  auto client = exchange.connect();
  ClientMessage early = create_order(1, websocket_api::BID, 1, 1);
  early.set_request_id("early");
  client->send(early);
  auto refused = client->next();
  EXPECT_EQ(refused.request_failed().request_details().kind(), "Unknown");
  EXPECT_EQ(refused.request_failed().error_details().message(), "Expected Authenticate message");
  EXPECT_TRUE(refused.request_id().empty());

  auto bad = client->login("not-a-jwt");
  ASSERT_EQ(bad.size(), 1u);
  EXPECT_EQ(bad[0].request_failed().request_details().kind(), "Authenticate");
  EXPECT_EQ(bad[0].request_failed().error_details().message(), "JWT validation failed");
  EXPECT_EQ(bad[0].request_id(), "login");

  auto wrong_parts = client->login("test::a::b");
  EXPECT_EQ(wrong_parts[0].request_failed().error_details().message(), "JWT validation failed");

  auto not_owner = client->login(test_token("zoe"), 1);
  EXPECT_EQ(not_owner[0].request_failed().error_details().message(), "Not owner of account");

  auto ok = client->login(test_token("zoe"));
  EXPECT_TRUE(ok.back().has_acting_as());
  const auto again = client->request([] {
    ClientMessage m;
    m.mutable_authenticate()->set_jwt("x");
    return m;
  }());
  EXPECT_EQ(again.request_failed().request_details().kind(), "Authenticate");
  EXPECT_EQ(again.request_failed().error_details().message(), "Already authenticated");
}

TEST(Login, SudoOnlyForAdminsAndResendsPublicData) {
  TestExchange exchange;
  Trader student = exchange.user("student");
  auto refused = student->request(set_sudo(true));
  EXPECT_EQ(refused.request_failed().error_details().message(), "Only admins can enable sudo");
  auto off = student->request(set_sudo(false));
  EXPECT_TRUE(off.has_sudo_status());
  EXPECT_FALSE(off.sudo_status().enabled());

  Trader teacher = exchange.user("teacher", true);
  auto on = teacher->request(set_sudo(true));
  ASSERT_TRUE(on.has_sudo_status());
  EXPECT_TRUE(on.sudo_status().enabled());
  auto resent = teacher->next();
  EXPECT_TRUE(resent.has_accounts());
  EXPECT_TRUE(resent.request_id().empty());
  EXPECT_TRUE(teacher->next().has_universes());
  EXPECT_TRUE(teacher->next().has_market_types());
  EXPECT_TRUE(teacher->next().has_market_groups());
}

// additions.md 8.4: an admin logging in with a foreign act_as impersonates that user before
// the snapshot; Authenticated keeps the admin's own id.
TEST(Login, AdminLoginWithForeignActAsImpersonates) {
  TestExchange exchange;
  Trader teacher = exchange.user("teacher", true);
  Trader student = exchange.user("student");
  ClientMessage bot;
  bot.mutable_create_account()->set_owner_id(student.id);
  bot.mutable_create_account()->set_name("student-bot");
  const auto made = student->request(bot);
  ASSERT_TRUE(made.has_account_created()) << made.DebugString();
  const int64_t bot_id = made.account_created().id();
  ASSERT_TRUE(teacher->request(make_transfer(teacher.id, student.id, 25)).has_transfer_created());

  auto refused = [&](const std::string& token, int64_t act_as) {
    auto client = exchange.connect();
    const auto replies = client->login(token, act_as);
    EXPECT_EQ(replies.size(), 1u);
    EXPECT_EQ(replies[0].request_failed().request_details().kind(), "Authenticate");
    // The connection stays open and can still log in.
    EXPECT_TRUE(client->login(token).back().has_acting_as());
    return replies[0].request_failed().error_details().message();
  };
  EXPECT_EQ(refused(test_token("teacher", true), 9999), "Account not found");
  EXPECT_EQ(refused(test_token("teacher", true), bot_id), "Non owned account is not a user");
  EXPECT_EQ(refused(test_token("other"), student.id), "Not owner of account");

  auto client = exchange.connect();
  const auto snapshot = client->login(test_token("teacher", true), student.id);
  ASSERT_TRUE(snapshot.front().has_authenticated());
  EXPECT_EQ(snapshot.front().authenticated().account_id(), teacher.id);
  EXPECT_TRUE(snapshot.front().authenticated().is_admin());
  ASSERT_TRUE(snapshot.back().has_acting_as());
  EXPECT_EQ(snapshot.back().acting_as().account_id(), student.id);
  EXPECT_EQ(snapshot.back().acting_as().user_id(), student.id);
  // Portfolios and transfers are the student's (the owned set is the student's).
  for (const auto& m : snapshot) {
    if (m.has_portfolios()) {
      std::vector<int64_t> ids;
      for (const auto& p : m.portfolios().portfolios()) ids.push_back(p.account_id());
      EXPECT_EQ(ids, (std::vector<int64_t>{student.id, bot_id}));
    }
    if (m.has_transfers()) {
      ASSERT_EQ(m.transfers().transfers_size(), 1);
      EXPECT_EQ(m.transfers().transfers(0).to_account_id(), student.id);
    }
  }
  // Orders now act for the student.
  const auto market = teacher->request(create_market("imp", 0, 10));
  ASSERT_TRUE(market.has_market());
  const auto order = client->request(create_order(market.market().id(), websocket_api::BID, 1, 1));
  ASSERT_TRUE(order.has_order_created()) << order.DebugString();
  EXPECT_EQ(order.order_created().account_id(), student.id);
}

}  // namespace
}  // namespace exchange::testing
