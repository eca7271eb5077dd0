// A built-in user's exchange account exists from registration on (issue 19): an instructor can
// fund a student who has not connected yet, and the student's access token alone logs in.
// Before, the account appeared only at the first WebSocket login, and that login failed with
// "No name provided for new user" unless the id token was sent too.

#include <gtest/gtest.h>

#include <boost/json/serialize.hpp>

#include "auth/user_store.h"
#include "auth/auth_database.h"
#include "auth/password_hash.h"
#include "http_client.h"
#include "login_helpers.h"
#include "test_exchange.h"

namespace exchange::auth::testing {
namespace {

namespace json = boost::json;
using exchange::testing::make_transfer;
using exchange::testing::TestExchange;
using http = net::http::verb;

constexpr const char* kSetupCode = "PROVISION-SETUP-0001";

app::Config builtin_config() {
  app::Config config;
  config.password_cost = "minimum";  // tests only: keep hashing cheap
  config.setup_code = kSetupCode;
  return config;
}

std::string access_token_of(const HttpAnswer& answer) {
  EXPECT_EQ(answer.status, 200) << answer.body;
  if (answer.status != 200) return {};
  return std::string(answer.json().at("access_token").as_string());
}

TEST(AccountProvisioning, AStudentCanBeFundedBeforeConnectingAndLogsInWithTheAccessToken) {
  TestExchange exchange(builtin_config());
  json::object admin_body{{"name", "teacher"},
                          {"password", "a teacher's passphrase"},
                          {"setup_code", kSetupCode}};
  const std::string teacher_token = access_token_of(http_call(
      exchange.port(), http::post, "/api/auth/register", json::serialize(admin_body)));
  WsClient teacher(exchange.port());
  const int64_t teacher_id = account_of(ws_login(teacher, teacher_token));
  ASSERT_NE(teacher_id, 0);

  const std::string student_token = access_token_of(
      post_credentials(exchange.port(), "/api/auth/register", "student", "a student's passphrase"));
  // The account is announced as soon as the student registered, before any connection.
  const ServerMessage announced = teacher.next_matching(
      [](const ServerMessage& m) { return m.has_account_created(); });
  EXPECT_EQ(announced.account_created().name(), "student");
  const int64_t student_id = announced.account_created().id();
  ASSERT_TRUE(teacher.request(make_transfer(teacher_id, student_id, 250)).has_transfer_created());

  WsClient student(exchange.port());
  const std::vector<ServerMessage> snapshot = ws_login(student, student_token);  // no id token
  EXPECT_EQ(refusal_of(snapshot), "");
  EXPECT_EQ(account_of(snapshot), student_id);
  EXPECT_DOUBLE_EQ(balance_of(snapshot), 250);
}

TEST(AccountProvisioning, UsersAddedWhileTheServerWasStoppedGetAccountsAtStart) {
  TestExchange exchange(builtin_config());
  exchange.stop();
  {
    AuthDatabase db(exchange.data_dir() + "/global.db");
    UserStore users(db);
    ASSERT_TRUE(users.add("added", hash_password("an added passphrase", PasswordCost::kMinimum),
                          false));
  }
  exchange.start();
  exchange::testing::Trader teacher = exchange.user("teacher", true);
  bool listed = false;
  for (const ServerMessage& message : teacher.snapshot) {
    if (!message.has_accounts()) continue;
    for (const auto& account : message.accounts().accounts()) listed |= account.name() == "added";
  }
  EXPECT_TRUE(listed);
}

}  // namespace
}  // namespace exchange::auth::testing
