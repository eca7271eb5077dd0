// Bot tokens over HTTP (create, list, revoke) and their use in WebSocket logins.

#include <gtest/gtest.h>

#include <boost/json/array.hpp>

#include "http_client.h"
#include "login_helpers.h"
#include "test_exchange.h"

namespace exchange::auth::testing {
namespace {

namespace json = boost::json;
using exchange::testing::TestExchange;
using http = net::http::verb;

class BotTokensTest : public ::testing::Test {
 protected:
  static app::Config config() {
    app::Config config;
    config.password_cost = "minimum";
    return config;
  }
  BotTokensTest() : exchange_(config()) {}

  // Registers `name` and returns its access and id tokens.
  std::pair<std::string, std::string> user(const std::string& name) {
    HttpAnswer answer =
        post_credentials(exchange_.port(), "/api/auth/register", name, "bot owner pass 1");
    EXPECT_EQ(answer.status, 200) << answer.body;
    json::value body = answer.json();
    return {std::string(body.at("access_token").as_string()),
            std::string(body.at("id_token").as_string())};
  }

  HttpAnswer create(const std::string& bearer, const std::string& name) {
    return http_call(exchange_.port(), http::post, "/api/auth/tokens",
                     R"({"name":")" + name + R"("})", bearer);
  }
  HttpAnswer list(const std::string& bearer) {
    return http_call(exchange_.port(), http::get, "/api/auth/tokens", {}, bearer);
  }
  HttpAnswer revoke(const std::string& bearer, const std::string& id) {
    return http_call(exchange_.port(), http::delete_, "/api/auth/tokens/" + id, {}, bearer);
  }

  TestExchange exchange_;
};

TEST_F(BotTokensTest, CreateUseListAndRevoke) {
  auto [alice, alice_id] = user("alice");
  auto client = exchange_.connect();
  const int64_t account = account_of(ws_login(*client, alice, alice_id));
  ASSERT_NE(account, 0);

  HttpAnswer created = create(alice, "market maker");
  ASSERT_EQ(created.status, 201) << created.body;
  json::value body = created.json();
  const std::string token(body.at("token").as_string());
  const std::string id = std::to_string(body.at("id").as_int64());
  EXPECT_TRUE(token.starts_with("bot_"));
  EXPECT_EQ(token.size(), 47u);
  EXPECT_EQ(body.at("name"), "market maker");
  EXPECT_EQ(body.at("created_at").as_string().size(), 20u);  // 2025-01-31T09:30:00Z

  HttpAnswer listed = list(alice);
  ASSERT_EQ(listed.status, 200);
  json::array tokens = listed.json().as_array();
  ASSERT_EQ(tokens.size(), 1u);
  EXPECT_EQ(tokens[0].at("name"), "market maker");
  EXPECT_TRUE(tokens[0].at("last_used_at").is_null());
  EXPECT_FALSE(tokens[0].as_object().contains("token"));  // shown once only

  // The bot logs in with it, as alice (and not as admin: a bot token never is).
  auto bot = exchange_.connect();
  auto bot_login = ws_login(*bot, token);
  EXPECT_EQ(account_of(bot_login), account) << refusal_of(bot_login);
  EXPECT_TRUE(list(alice).json().as_array()[0].at("last_used_at").is_string());

  // Other users neither see nor revoke it; a bot token cannot manage tokens; no token, no entry.
  auto [bob, bob_id] = user("bob");
  EXPECT_EQ(list(bob).json().as_array().size(), 0u);
  EXPECT_EQ(revoke(bob, id).status, 404);
  EXPECT_EQ(list(token).status, 401);
  EXPECT_EQ(create(token, "child").status, 401);
  HttpAnswer anonymous = list("");
  EXPECT_EQ(anonymous.status, 401);
  EXPECT_EQ(anonymous.body, R"({"error":"A valid access token is required"})");
  EXPECT_EQ(list("not-a-token").status, 401);

  EXPECT_EQ(revoke(alice, id).status, 204);
  EXPECT_EQ(revoke(alice, id).status, 404);
  EXPECT_EQ(revoke(alice, "abc").status, 404);
  EXPECT_EQ(list(alice).json().as_array().size(), 0u);
  auto after = exchange_.connect();
  EXPECT_EQ(refusal_of(ws_login(*after, token)), "JWT validation failed");
  // A session that logged in before the revocation keeps going.
  EXPECT_FALSE(bot->closed());
}

TEST_F(BotTokensTest, NamesAreCheckedAndMadeUpTokensRefused) {
  auto [alice, alice_id] = user("alice");
  EXPECT_EQ(create(alice, "  ").status, 400);
  EXPECT_EQ(create(alice, std::string(65, 'b')).status, 400);
  EXPECT_EQ(http_call(exchange_.port(), http::post, "/api/auth/tokens", "[]", alice).status, 400);
  auto client = exchange_.connect();
  EXPECT_EQ(refusal_of(ws_login(*client, "bot_" + std::string(43, 'A'))), "JWT validation failed");
  EXPECT_EQ(refusal_of(ws_login(*client, "bot_short")), "JWT validation failed");
}

}  // namespace
}  // namespace exchange::auth::testing
