// Several cohorts in one server (cohorts.md, issue 15): each is its own exchange reached at
// /api/ws/<name>, nothing of one is visible from another, admission and the cohort gates.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "http_request.h"
#include "test_exchange.h"

namespace exchange::testing {
namespace {

namespace http = boost::beast::http;
const std::string kAdmin = "test::teacher::Teacher::true";

std::string create_cohort(TestExchange& exchange, const std::string& name) {
  // An admin's first contact makes the person known (admin routes never create one).
  EXPECT_EQ(http_call(exchange.port(), http::verb::get, "/api/cohorts", kAdmin).result_int(), 200);
  const HttpAnswer answer = http_call(exchange.port(), http::verb::post, "/api/admin/cohorts", kAdmin,
                                      R"({"name":")" + name + R"(","display_name":"Class )" + name + R"("})");
  EXPECT_EQ(answer.result_int(), 200) << answer.body();
  return answer.body();
}

void set_cohort(TestExchange& exchange, const std::string& name, const std::string& json) {
  const HttpAnswer answer =
      http_call(exchange.port(), http::verb::put, "/api/admin/cohorts/" + name, kAdmin, json);
  ASSERT_EQ(answer.result_int(), 200) << answer.body();
}

bool mentions(const std::vector<ServerMessage>& messages, const std::string& text) {
  for (const ServerMessage& message : messages) {
    if (message.DebugString().find(text) != std::string::npos) return true;
  }
  return false;
}

TEST(Cohorts, TwoCohortsTradeAtOnceAndNeverSeeEachOther) {
  TestExchange exchange;
  create_cohort(exchange, "blue");
  Trader main_teacher = exchange.user("teacher", true);
  Trader blue_teacher = exchange.user("teacher", true, "blue");
  Trader main_alice = exchange.user("alice");
  Trader blue_bob = exchange.user("bob", false, "blue");
  Trader main_watcher = exchange.user("watcher");
  Trader blue_watcher = exchange.user("watcher", false, "blue");
  // Each cohort has its own accounts: the same person has one account in each.
  EXPECT_FALSE(mentions(blue_bob.snapshot, "alice"));
  EXPECT_FALSE(mentions(main_alice.snapshot, "bob"));

  const int64_t red_market =
      main_teacher->request(create_market("red-only", 0, 100)).market().id();
  const int64_t blue_market =
      blue_teacher->request(create_market("blue-only", 0, 100)).market().id();
  ASSERT_TRUE(main_teacher->request(make_transfer(main_teacher.id, main_alice.id, 1000)).has_transfer_created());
  ASSERT_TRUE(blue_teacher->request(make_transfer(blue_teacher.id, blue_bob.id, 1000)).has_transfer_created());
  // Trades in both cohorts at once. Every offer (at 1) crosses every bid (10 and up), so however
  // the two connections' orders interleave, each cohort makes exactly 5 trades of size 1.
  for (int i = 0; i < 5; ++i) {
    main_alice->send(create_order(red_market, websocket_api::BID, 10 + i, 1));
    blue_bob->send(create_order(blue_market, websocket_api::BID, 20 + i, 1));
    main_teacher->send(create_order(red_market, websocket_api::OFFER, 1, 1));
    blue_teacher->send(create_order(blue_market, websocket_api::OFFER, 1, 1));
  }
  // Every sender's orders handled first, then everything broadcast before reaches the watchers.
  for (Trader* sender : {&main_alice, &blue_bob, &main_teacher, &blue_teacher}) {
    (void)(*sender)->fence(30s);  // an upper bound for a loaded machine, not a wait
  }
  const std::vector<ServerMessage> main_seen = main_watcher->fence(30s);
  const std::vector<ServerMessage> blue_seen = blue_watcher->fence(30s);
  EXPECT_TRUE(mentions(main_seen, "red-only"));
  EXPECT_FALSE(mentions(main_seen, "blue-only"));
  EXPECT_TRUE(mentions(blue_seen, "blue-only"));
  EXPECT_FALSE(mentions(blue_seen, "red-only"));
  int main_trades = 0, blue_trades = 0;
  for (const ServerMessage& message : main_seen) {
    if (message.has_order_created()) {
      EXPECT_EQ(message.order_created().market_id(), red_market);
      main_trades += message.order_created().trades_size();
    }
  }
  for (const ServerMessage& message : blue_seen) {
    if (message.has_order_created()) {
      EXPECT_EQ(message.order_created().market_id(), blue_market);
      blue_trades += message.order_created().trades_size();
    }
  }
  EXPECT_EQ(main_trades, 5);
  EXPECT_EQ(blue_trades, 5);

  // A later login sees only its own cohort's markets and accounts.
  Trader late_blue = exchange.user("late", false, "blue");
  EXPECT_TRUE(mentions(late_blue.snapshot, "blue-only"));
  EXPECT_FALSE(mentions(late_blue.snapshot, "red-only"));
  EXPECT_FALSE(mentions(late_blue.snapshot, "Alice"));
  // Balances are per cohort: the blue teacher's transfer did not touch the main one's cash.
  exchange.stop();
  exchange.start();
  Trader blue_again = exchange.user("late", false, "blue");
  EXPECT_TRUE(mentions(blue_again.snapshot, "blue-only"));
  EXPECT_FALSE(mentions(blue_again.snapshot, "red-only"));
}

TEST(Cohorts, UnknownCohortSocketIsNotFound) {
  TestExchange exchange;
  EXPECT_THROW(exchange.connect_to("nope"), std::exception);
  const HttpAnswer answer = http_send(exchange.port(), [] {
    http::request<http::string_body> request{http::verb::get, "/api/ws/nope", 11};
    request.set(http::field::connection, "Upgrade");
    request.set(http::field::upgrade, "websocket");
    request.set(http::field::sec_websocket_key, "dGhlIHNhbXBsZSBub25jZQ==");
    request.set(http::field::sec_websocket_version, "13");
    return request;
  }());
  EXPECT_EQ(answer.result_int(), 404);
  EXPECT_EQ(answer.body(), "Cohort not found");
  // The named socket of the default cohort works as /api does.
  auto client = exchange.connect_to("main");
  EXPECT_TRUE(client->login(test_token("alice")).back().has_acting_as());
}

TEST(Cohorts, NonMembersAreRefusedUnlessAuctionsAdmitGuests) {
  TestExchange exchange;
  create_cohort(exchange, "closed");
  const std::string outsider = "test::out::Outsider::false::out@example.org::false";
  {
    auto client = exchange.connect_to("closed");
    const std::vector<ServerMessage> answer = client->login(outsider);
    ASSERT_TRUE(answer.back().has_request_failed());
    EXPECT_EQ(answer.back().request_failed().error_details().message(),
              "You are not authorized for this cohort");
  }
  set_cohort(exchange, "closed", R"({"auctions_enabled":true})");
  auto guest = exchange.connect_to("closed");
  const std::vector<ServerMessage> snapshot = guest->login(outsider);
  ASSERT_TRUE(snapshot.back().has_acting_as());
  EXPECT_FALSE(snapshot.front().authenticated().is_cohort_member());
  EXPECT_TRUE(snapshot.front().authenticated().auction_enabled());
  EXPECT_FALSE(snapshot.front().authenticated().is_admin());
  const ServerMessage refused = guest->request(create_market("guest market", 0, 1));
  ASSERT_TRUE(refused.has_request_failed());
  EXPECT_EQ(refused.request_failed().error_details().message(), "Auction access only");
  // A test token that may join is enrolled (dev-mode) and is a member.
  Trader member = exchange.user("member", false, "closed");
  EXPECT_TRUE(member.snapshot.front().authenticated().is_cohort_member());
  // Admins are members everywhere.
  Trader teacher = exchange.user("teacher", true, "closed");
  EXPECT_TRUE(teacher.snapshot.front().authenticated().is_admin());
  EXPECT_TRUE(teacher.snapshot.front().authenticated().is_cohort_member());
}

TEST(Cohorts, ReadOnlyAndAuctionGatesApplyAtOnce) {
  TestExchange exchange;
  create_cohort(exchange, "frozen");
  Trader teacher = exchange.user("teacher", true, "frozen");
  const int64_t market = teacher->request(create_market("m", 0, 10)).market().id();
  set_cohort(exchange, "frozen", R"({"is_read_only":true})");
  const ServerMessage refused = teacher->request(create_order(market, websocket_api::BID, 1, 1));
  ASSERT_TRUE(refused.has_request_failed());
  EXPECT_EQ(refused.request_failed().error_details().message(), "Cohort is read-only");
  ClientMessage auction;
  auction.mutable_create_auction()->set_name("lamp");
  const ServerMessage no_auctions = teacher->request(auction);
  ASSERT_TRUE(no_auctions.has_request_failed());
  EXPECT_EQ(no_auctions.request_failed().error_details().message(),
            "Auctions are disabled for this cohort");
  set_cohort(exchange, "frozen", R"({"is_read_only":false})");
  EXPECT_TRUE(teacher->request(create_order(market, websocket_api::BID, 1, 1)).has_order_created());
  // The default cohort of a new data directory keeps auctions, as the single exchange had.
  Trader main_teacher = exchange.user("teacher", true);
  EXPECT_TRUE(main_teacher.snapshot.front().authenticated().auction_enabled());
}

TEST(Cohorts, MembersInitialBalanceFundsTheirNewAccount) {
  TestExchange exchange;
  create_cohort(exchange, "funded");
  // The person must exist to be added by id: a first contact through GET /api/cohorts.
  const std::string carol = "test::carol::Carol::false::carol@example.org";
  ASSERT_EQ(http_call(exchange.port(), http::verb::get, "/api/cohorts", carol).result_int(), 200);
  const HttpAnswer me = http_call(exchange.port(), http::verb::get, "/api/users/me", carol);
  ASSERT_EQ(me.result_int(), 200) << me.body();
  const int64_t carol_id = boost::json::parse(me.body()).as_object().at("id").as_int64();
  const HttpAnswer added = http_call(exchange.port(), http::verb::post, "/api/admin/cohorts/funded/members",
                                     kAdmin, R"({"user_ids":[)" + std::to_string(carol_id) +
                                                 R"(],"initial_balance":"2500.5"})");
  ASSERT_EQ(added.result_int(), 200) << added.body();
  EXPECT_EQ(added.body(), R"({"added":1,"already_existing":0})");
  auto client = exchange.connect_to("funded");
  const std::vector<ServerMessage> snapshot = client->login(carol);
  ASSERT_TRUE(snapshot.back().has_acting_as());
  bool seen = false;
  for (const ServerMessage& message : snapshot) {
    if (!message.has_portfolios()) continue;
    for (const auto& portfolio : message.portfolios().portfolios()) {
      seen |= portfolio.total_balance() == 2500.5;
    }
  }
  EXPECT_TRUE(seen);
}

}  // namespace
}  // namespace exchange::testing
