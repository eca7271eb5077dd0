// Upgrade in place (issue 15): a data directory written by the single-exchange release (commit
// 477166b, fixtures/single-exchange-477166b, made by that release's binary with
// fixtures/make_single_exchange_fixture.py; its database kept as the text of `sqlite3 .dump`
// and rebuilt here) becomes the default cohort "main" on first start,
// with every user, account, order, trade and transfer intact and the same logins working.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "app/exchange_server.h"
#include "store/database.h"
#include "http_client.h"
#include "login_helpers.h"

namespace exchange::auth::testing {
namespace {

namespace fs = std::filesystem;
using http = net::http::verb;

class UpgradeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    data_dir_ = fs::temp_directory_path() / ("exchange-upgrade-" + std::to_string(::getpid()));
    fs::remove_all(data_dir_);
    fs::create_directories(data_dir_);
    const fs::path fixture = fs::path(EXCHANGE_FIXTURES) / "single-exchange-477166b";
    fs::copy_file(fixture / "auth-signing-key.pem", data_dir_ / "auth-signing-key.pem");
    {
      std::ifstream dump(fixture / "exchange.sql");
      std::stringstream sql;
      sql << dump.rdbuf();
      store::Database legacy((data_dir_ / "exchange.db").string(), store::Database::Access::kReadWrite);
      legacy.exec(sql.str());
    }
    std::ifstream token(fs::path(EXCHANGE_FIXTURES) / "single-exchange-477166b" / "bot-token.txt");
    std::getline(token, bot_token_);
    start();
  }
  void TearDown() override {
    server_.reset();
    fs::remove_all(data_dir_);
  }
  void start() {
    app::Config config;
    config.data_dir = data_dir_.string();
    config.address = "127.0.0.1";
    config.port = 0;
    config.password_cost = "minimum";
    server_ = std::make_unique<app::ExchangeServer>(config);
    port_ = server_->start();
  }
  std::string password_token(const std::string& name, const std::string& password) {
    const HttpAnswer answer = post_credentials(port_, "/api/auth/login", name, password);
    EXPECT_EQ(answer.status, 200) << answer.body;
    return answer.status == 200 ? std::string(answer.json().at("access_token").as_string()) : "";
  }

  fs::path data_dir_;
  std::string bot_token_;
  std::unique_ptr<app::ExchangeServer> server_;
  uint16_t port_ = 0;
};

double position_in(const std::vector<ServerMessage>& snapshot, int64_t market) {
  for (const ServerMessage& message : snapshot) {
    if (!message.has_portfolios()) continue;
    for (const auto& exposure : message.portfolios().portfolios(0).market_exposures()) {
      if (exposure.market_id() == market) return exposure.position();
    }
  }
  return 0;
}

TEST_F(UpgradeTest, TheSingleExchangeBecomesTheDefaultCohortWithEverythingIntact) {
  // The same passwords, the same accounts.
  WsClient student(port_);
  const std::vector<ServerMessage> snapshot =
      ws_login(student, password_token("student", "student passphrase 1"));
  ASSERT_EQ(refusal_of(snapshot), "");
  EXPECT_TRUE(snapshot.front().authenticated().is_cohort_member());
  // 1000 transferred, 2 bought at 40: 920 left; a resting bid of 1 at 30 stays on the book.
  EXPECT_DOUBLE_EQ(balance_of(snapshot), 920);
  int64_t market = 0;
  size_t resting = 0, transfers = 0;
  for (const ServerMessage& message : snapshot) {
    if (message.has_market() && message.market().name() == "Upgrade") market = message.market().id();
    if (message.has_orders()) resting += message.orders().orders_size();
    if (message.has_transfers()) transfers = message.transfers().transfers_size();
  }
  ASSERT_NE(market, 0);
  EXPECT_EQ(resting, 1u);
  EXPECT_EQ(transfers, 1u);
  EXPECT_DOUBLE_EQ(position_in(snapshot, market), 2);
  // The trade is in the history.
  exchange::testing::ClientMessage history;
  history.mutable_get_full_trade_history()->set_market_id(market);
  const ServerMessage trades = student.request(history);
  ASSERT_TRUE(trades.has_trades()) << trades.DebugString();
  EXPECT_EQ(trades.trades().trades_size(), 1);

  // The instructor is still admin; the bot token still works.
  WsClient teacher(port_);
  const std::vector<ServerMessage> admin = ws_login(teacher, password_token("teacher", "teacher passphrase 1"));
  ASSERT_EQ(refusal_of(admin), "");
  EXPECT_TRUE(admin.front().authenticated().is_admin());
  WsClient bot(port_);
  EXPECT_EQ(account_of(ws_login(bot, bot_token_)), account_of(snapshot));

  // The cohort API lists it as the default; both people are members; the file stayed.
  const std::string teacher_token = password_token("teacher", "teacher passphrase 1");
  const HttpAnswer cohorts = http_call(port_, http::get, "/api/cohorts", {}, teacher_token);
  ASSERT_EQ(cohorts.status, 200) << cohorts.body;
  EXPECT_EQ(cohorts.json().at("default_cohort").as_string(), "main");
  const HttpAnswer members = http_call(port_, http::get, "/api/admin/cohorts/main/members", {}, teacher_token);
  ASSERT_EQ(members.status, 200) << members.body;
  EXPECT_EQ(members.json().as_array().size(), 2u);
  EXPECT_TRUE(fs::exists(data_dir_ / "exchange.db"));
  EXPECT_TRUE(fs::exists(data_dir_ / "global.db"));

  // A second start does not import again.
  server_.reset();
  start();
  const HttpAnswer again = http_call(port_, http::get, "/api/admin/cohorts/main/members", {}, teacher_token);
  EXPECT_EQ(again.json().as_array().size(), 2u);
  WsClient student_again(port_);
  EXPECT_DOUBLE_EQ(balance_of(ws_login(student_again, password_token("student", "student passphrase 1"))), 920);
}

}  // namespace
}  // namespace exchange::auth::testing
