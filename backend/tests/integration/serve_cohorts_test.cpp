// Two exchange servers sharing one data directory, each serving its own cohorts
// (--serve-cohorts, docs/scaling.md): one user base in global.db, each cohort's trades only in
// its owner's database, a cohort created through one server picked up by its owner at its first
// socket, switches changed through one server reaching the other, and never one cohort run by
// two servers.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <filesystem>

#include "http_request.h"
#include "store/database.h"
#include "test_exchange.h"

namespace exchange::testing {
namespace {

namespace http = boost::beast::http;
const std::string kAdmin = "test::teacher::Teacher::true";

int upgrade_status(uint16_t port, const std::string& cohort) {
  http::request<http::string_body> request{http::verb::get, "/api/ws/" + cohort, 11};
  request.set(http::field::connection, "Upgrade");
  request.set(http::field::upgrade, "websocket");
  request.set(http::field::sec_websocket_key, "dGhlIHNhbXBsZSBub25jZQ==");
  request.set(http::field::sec_websocket_version, "13");
  return http_send(port, std::move(request)).result_int();
}

int64_t trade_count(const std::string& data_dir, const std::string& cohort) {
  store::Database db(data_dir + "/cohorts/" + cohort + ".db", store::Database::Access::kReadOnly);
  store::Statement count = db.prepare("SELECT count(*) FROM trade");
  count.step();
  const int64_t trades = count.int_at(0);
  count.reset();
  return trades;
}

// The second server: same data directory as `primary`, serving only `cohorts`.
std::unique_ptr<app::ExchangeServer> second_server(const TestExchange& primary,
                                                   std::vector<std::string> cohorts) {
  app::Config config;
  config.data_dir = primary.data_dir();
  config.address = "127.0.0.1";
  config.port = 0;
  config.insecure_test_auth = true;
  config.serve_cohorts = std::move(cohorts);
  return std::make_unique<app::ExchangeServer>(config);
}

// Opens a market in `cohort` on `port` and makes one trade of size 2 in it.
void trade_once(uint16_t port, const std::string& cohort, const std::string& student) {
  Trader teacher, trader;
  teacher.client = std::make_unique<WsClient>(port, true, "/api/ws/" + cohort);
  teacher.snapshot = teacher->login(kAdmin);
  ASSERT_TRUE(teacher.snapshot.back().has_acting_as());
  teacher.id = teacher.snapshot.front().authenticated().account_id();
  trader.client = std::make_unique<WsClient>(port, true, "/api/ws/" + cohort);
  trader.snapshot = trader->login(test_token(student));
  ASSERT_TRUE(trader.snapshot.back().has_acting_as());
  trader.id = trader.snapshot.front().authenticated().account_id();
  const int64_t market = teacher->request(create_market(cohort + "-market", 0, 100)).market().id();
  ASSERT_TRUE(teacher->request(make_transfer(teacher.id, trader.id, 1000)).has_transfer_created());
  ASSERT_TRUE(teacher->request(create_order(market, websocket_api::OFFER, 40, 2)).has_order_created());
  const ServerMessage crossed = trader->request(create_order(market, websocket_api::BID, 40, 2));
  ASSERT_TRUE(crossed.has_order_created());
  EXPECT_EQ(crossed.order_created().trades_size(), 1);
}

TEST(ServeCohorts, TwoServersShareOneDataDirectoryEachServingItsOwnCohorts) {
  app::Config only_main;
  only_main.serve_cohorts = {"main"};
  TestExchange primary(only_main);
  // Listed before it exists: loaded at its first socket once another server has created it.
  std::unique_ptr<app::ExchangeServer> secondary = second_server(primary, {"beta"});
  const uint16_t secondary_port = secondary->start();

  // The cohort is created through the primary, which only makes its file.
  ASSERT_EQ(http_call(primary.port(), http::verb::get, "/api/cohorts", kAdmin).result_int(), 200);
  const HttpAnswer created = http_call(primary.port(), http::verb::post, "/api/admin/cohorts",
                                       kAdmin, R"({"name":"beta","display_name":"Beta"})");
  ASSERT_EQ(created.result_int(), 200) << created.body();
  const int64_t beta = primary.server().directory().cohort("beta")->id;
  EXPECT_FALSE(primary.server().cohorts().loaded(beta));
  EXPECT_TRUE(std::filesystem::exists(primary.data_dir() + "/cohorts/beta.db"));

  // Each server answers for its own cohorts only.
  EXPECT_EQ(upgrade_status(primary.port(), "beta"), 404);
  EXPECT_EQ(upgrade_status(secondary_port, "main"), 404);
  trade_once(secondary_port, "beta", "bob");
  trade_once(primary.port(), "main", "alice");
  EXPECT_TRUE(secondary->cohorts().loaded(beta));
  EXPECT_FALSE(secondary->cohorts().loaded(primary.server().directory().cohort("main")->id));

  // One user base: bob, who has only ever logged in to the secondary, is known to the primary,
  // as a member of the secondary's cohort.
  const std::optional<cohorts::GlobalUser> bob =
      primary.server().directory().person_by_subject("subject-bob");
  ASSERT_TRUE(bob.has_value());
  EXPECT_TRUE(primary.server().directory().membership(beta, bob->id).has_value());
  EXPECT_EQ(secondary->directory().person_by_subject("teacher")->id,
            primary.server().directory().person_by_subject("teacher")->id);

  secondary->stop();
  primary.stop();
  EXPECT_EQ(trade_count(primary.data_dir(), "beta"), 1);
  EXPECT_EQ(trade_count(primary.data_dir(), "main"), 1);
}

TEST(ServeCohorts, SwitchesChangedThroughAnotherServerReachTheOwner) {
  app::Config only_main;
  only_main.serve_cohorts = {"main"};
  TestExchange primary(only_main);
  ASSERT_EQ(http_call(primary.port(), http::verb::get, "/api/cohorts", kAdmin).result_int(), 200);
  ASSERT_EQ(http_call(primary.port(), http::verb::post, "/api/admin/cohorts", kAdmin,
                      R"({"name":"beta","display_name":"Beta"})")
                .result_int(),
            200);
  std::unique_ptr<app::ExchangeServer> secondary = second_server(primary, {"beta"});
  const uint16_t secondary_port = secondary->start();
  WsClient teacher(secondary_port, true, "/api/ws/beta");
  ASSERT_TRUE(teacher.login(kAdmin).back().has_acting_as());
  const int64_t market = teacher.request(create_market("m", 0, 10)).market().id();

  // Frozen through the primary (the admin API): the secondary refuses once it has re-read the
  // switches, which it does every cohort_refresh_interval; the test does it now.
  ASSERT_EQ(http_call(primary.port(), http::verb::put, "/api/admin/cohorts/beta", kAdmin,
                      R"({"is_read_only":true})")
                .result_int(),
            200);
  secondary->refresh_cohorts();
  const ServerMessage refused = teacher.request(create_order(market, websocket_api::BID, 1, 1));
  ASSERT_TRUE(refused.has_request_failed());
  EXPECT_EQ(refused.request_failed().error_details().message(), "Cohort is read-only");
  ASSERT_EQ(http_call(primary.port(), http::verb::put, "/api/admin/cohorts/beta", kAdmin,
                      R"({"is_read_only":false})")
                .result_int(),
            200);
  secondary->refresh_cohorts();
  EXPECT_TRUE(teacher.request(create_order(market, websocket_api::BID, 1, 1)).has_order_created());
}

TEST(ServeCohorts, ACohortIsNeverRunByTwoServers) {
  TestExchange first;  // serves every cohort
  // A second server on the same directory, by mistake without --serve-cohorts: the cohort's lock
  // keeps it from running main beside the first, whose order books would diverge from its own.
  std::unique_ptr<app::ExchangeServer> second = second_server(first, {});
  const uint16_t second_port = second->start();
  const int64_t main_id = first.server().directory().cohort("main")->id;
  EXPECT_TRUE(first.server().cohorts().loaded(main_id));
  EXPECT_FALSE(second->cohorts().loaded(main_id));
  EXPECT_EQ(upgrade_status(second_port, "main"), 404);
  // Once the first has stopped, the lock is free again.
  second->stop();
  second.reset();
  first.stop();
  std::unique_ptr<app::ExchangeServer> again = second_server(first, {});
  again->start();
  EXPECT_TRUE(again->cohorts().loaded(main_id));
}

TEST(ServeCohorts, AnInvalidCohortNameIsRefusedAtStart) {
  app::Config config;
  config.data_dir = std::filesystem::temp_directory_path() / "exchange-serve-cohorts-invalid";
  config.serve_cohorts = {"main", "Not A Name"};
  EXPECT_THROW(app::ExchangeServer server(config), std::runtime_error);
  std::error_code ignored;
  std::filesystem::remove_all(config.data_dir, ignored);
}

}  // namespace
}  // namespace exchange::testing
