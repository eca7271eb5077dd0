// OIDC mode end to end: the in-process exchange configured with a local issuer whose JWKS is
// served over HTTP; logins over a real WebSocket.

#include <gtest/gtest.h>

#include <boost/json/array.hpp>

#include "http_client.h"
#include "jwks_server.h"
#include "login_helpers.h"
#include "test_exchange.h"
#include "test_keys.h"

namespace exchange::auth::testing {
namespace {

namespace json = boost::json;
using exchange::testing::TestExchange;
using http = net::http::verb;

class OidcTest : public ::testing::Test {
 protected:
  OidcTest() : key_(make_rsa_key("kinde-1")), issuer_(jwks_of({&key_})), exchange_(config()) {}

  app::Config config() {
    app::Config config;
    config.oidc_issuer = issuer_.issuer();
    config.oidc_audience = "https://exchange.test/api, other";
    config.oidc_client_id = "web-client";
    config.admin_role = "staff";
    return config;
  }

  json::object claims(const std::string& subject) const {
    return json::object{{"iss", issuer_.issuer()},
                        {"aud", json::array{"https://exchange.test/api"}},
                        {"sub", subject},
                        {"exp", now_seconds() + 600}};
  }
  std::string access(const std::string& subject, const std::string& role = {}) const {
    json::object access = claims(subject);
    if (!role.empty()) access["roles"] = json::array{json::object{{"key", role}}};
    return sign(key_, access);
  }
  std::string id(const std::string& subject, const std::string& name) const {
    json::object id = claims(subject);
    id["aud"] = "web-client";
    id["name"] = name;
    return sign(key_, id);
  }

  TestKey key_;
  JwksServer issuer_;
  TestExchange exchange_;
};

TEST_F(OidcTest, WebSocketLoginWithTheIssuersTokens) {
  auto teacher = exchange_.connect();
  auto snapshot = ws_login(*teacher, access("kp_teacher01", "staff"), id("kp_teacher01", "Teach"));
  ASSERT_NE(account_of(snapshot), 0) << refusal_of(snapshot);
  EXPECT_EQ(balance_of(snapshot), 100'000'000);  // the configured admin role
  bool named = false;
  for (const auto& message : snapshot) {
    if (!message.has_accounts()) continue;
    for (const auto& account : message.accounts().accounts()) named |= account.name() == "Teach";
  }
  EXPECT_TRUE(named);

  auto student = exchange_.connect();
  auto student_login =
      ws_login(*student, access("kp_student01", "trader"), id("kp_student01", "Stu"));
  ASSERT_NE(account_of(student_login), 0) << refusal_of(student_login);
  EXPECT_EQ(balance_of(student_login), 0);
  // "admin" is still accepted as a role key, but only the configured role grants admin.
  auto other = exchange_.connect();
  auto other_login = ws_login(*other, access("kp_other0001", "admin"), id("kp_other0001", "O"));
  EXPECT_EQ(balance_of(other_login), 0);
}

TEST_F(OidcTest, BadTokensGetTheProtocolsError) {
  auto client = exchange_.connect();
  json::object expired = claims("kp_teacher01");
  expired["exp"] = now_seconds() - 3600;
  auto refused = ws_login(*client, sign(key_, expired), id("kp_teacher01", "T"));
  EXPECT_EQ(refusal_of(refused), "JWT validation failed");
  EXPECT_EQ(refused.back().request_id(), "login");
  EXPECT_EQ(refused.back().request_failed().request_details().kind(), "Authenticate");
  // Unknown role key: the whole token is refused (reference quirk 17).
  EXPECT_EQ(refusal_of(ws_login(*client, access("kp_x000000001", "owner"))),
            "JWT validation failed");
  // No id token and no account yet: a placeholder name (cohorts.md 3.2), and, not being a
  // member of the default cohort, a guest there (its auctions are enabled).
  const std::vector<ServerMessage> nameless = ws_login(*client, access("kp_new0000001"));
  EXPECT_EQ(refusal_of(nameless), "");
  ASSERT_TRUE(nameless.front().has_authenticated());
  EXPECT_FALSE(nameless.front().authenticated().is_cohort_member());
  bool placeholder = false;
  for (const ServerMessage& message : nameless) {
    if (!message.has_accounts()) continue;
    for (const auto& account : message.accounts().accounts()) {
      placeholder |= account.name().starts_with("Unnamed-") && account.name().size() == 12;
    }
  }
  EXPECT_TRUE(placeholder);
}

TEST_F(OidcTest, ConfigBotTokensAndNoBuiltinRoutes) {
  EXPECT_EQ(http_call(exchange_.port(), http::get, "/api/config").body,
            R"({"auth":"oidc","issuer":")" + issuer_.issuer() +
                R"(","client_id":"web-client","audience":"https://exchange.test/api"})");
  EXPECT_EQ(post_credentials(exchange_.port(), "/api/auth/register", "x", "password1").status, 404);
  EXPECT_EQ(post_credentials(exchange_.port(), "/api/auth/login", "x", "password1").status, 404);
  EXPECT_EQ(http_call(exchange_.port(), http::get, "/api/.well-known/jwks.json").status, 404);

  // Bot tokens work with the issuer's access tokens.
  auto user = exchange_.connect();
  const int64_t account =
      account_of(ws_login(*user, access("kp_student01"), id("kp_student01", "S")));
  ASSERT_NE(account, 0);
  HttpAnswer created = http_call(exchange_.port(), http::post, "/api/auth/tokens",
                                 R"({"name":"bot"})", access("kp_student01"));
  ASSERT_EQ(created.status, 201) << created.body;
  auto bot = exchange_.connect();
  EXPECT_EQ(account_of(ws_login(*bot, std::string(created.json().at("token").as_string()))),
            account);
}

}  // namespace
}  // namespace exchange::auth::testing
