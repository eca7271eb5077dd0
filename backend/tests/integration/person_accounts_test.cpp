// People's cohort accounts through the HTTP API (cohorts.md 3.5, 3.6, 7.3, 10.6, 10.10):
// renames across cohorts with their confirmation step, and placeholder accounts for
// pre-registered e-mails, funded before the first login that claims them.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "http_request.h"
#include "test_exchange.h"

namespace exchange::testing {
namespace {

namespace http = boost::beast::http;
namespace json = boost::json;
const std::string kAdmin = "test::teacher::Teacher::true";

void create_cohort(TestExchange& exchange, const std::string& name) {
  ASSERT_EQ(http_call(exchange.port(), http::verb::get, "/api/cohorts", kAdmin).result_int(), 200);
  const HttpAnswer answer =
      http_call(exchange.port(), http::verb::post, "/api/admin/cohorts", kAdmin,
                R"({"name":")" + name + R"(","display_name":"Class )" + name + R"("})");
  ASSERT_EQ(answer.result_int(), 200) << answer.body();
}

HttpAnswer rename_me(TestExchange& exchange, const std::string& token, const std::string& body) {
  return http_call(exchange.port(), http::verb::put, "/api/users/me/display-name", token, body);
}

std::string display_name(TestExchange& exchange, const std::string& token) {
  const HttpAnswer me = http_call(exchange.port(), http::verb::get, "/api/users/me", token);
  return std::string(json::parse(me.body()).at("display_name").as_string());
}

// The names of the last Accounts message among `messages`, and how many such messages came.
std::pair<std::vector<std::string>, int> announced_accounts(const std::vector<ServerMessage>& messages) {
  std::vector<std::string> names;
  int count = 0;
  for (const ServerMessage& message : messages) {
    if (!message.has_accounts()) continue;
    ++count;
    names.clear();
    for (const auto& account : message.accounts().accounts()) names.push_back(account.name());
  }
  return {names, count};
}

bool contains(const std::vector<std::string>& names, const std::string& name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

TEST(PersonAccounts, RenameAcrossCohortsAsksBeforeSuffixing) {
  TestExchange exchange;
  create_cohort(exchange, "blue");
  const std::string alice = test_token("alice");
  Trader main_alice = exchange.user("alice");
  Trader blue_alice = exchange.user("alice", false, "blue");
  Trader blue_zoe = exchange.user("zoe", false, "blue");  // "zoe" is taken in blue only
  Trader main_watcher = exchange.user("watcher");
  Trader blue_watcher = exchange.user("watcher", false, "blue");

  // Bad input first: nothing changes.
  EXPECT_EQ(rename_me(exchange, alice, R"({"display_name":"  "})").body(),
            "Display name cannot be empty");
  EXPECT_EQ(rename_me(exchange, alice, R"({"display_name":"alice"})").body(),
            "Display name unchanged");
  EXPECT_EQ(rename_me(exchange, alice, R"({"display_name":"a\u200Bb"})").result_int(), 400);
  const HttpAnswer stranger = rename_me(exchange, "test::nobody::Nobody::false", R"({"display_name":"x"})");
  EXPECT_EQ(stranger.result_int(), 404);
  EXPECT_EQ(stranger.body(), "User not found; load the app before updating your display name");

  // "zoe" is free in main but taken in blue: the caller must confirm "zoe-2" there.
  const HttpAnswer asked = rename_me(exchange, alice, R"({"display_name":"zoe"})");
  ASSERT_EQ(asked.result_int(), 409) << asked.body();
  const json::value conflict = json::parse(asked.body());
  EXPECT_EQ(conflict.at("status").as_string(), "needs_confirmation");
  ASSERT_EQ(conflict.at("conflicts").as_array().size(), 1u);
  const json::value& entry = conflict.at("conflicts").as_array()[0];
  EXPECT_EQ(entry.at("cohort_name").as_string(), "blue");
  EXPECT_EQ(entry.at("cohort_display_name").as_string(), "Class blue");
  EXPECT_EQ(entry.at("suggested_name").as_string(), "zoe-2");
  EXPECT_EQ(display_name(exchange, alice), "alice");
  EXPECT_EQ(announced_accounts(main_watcher->fence()).second, 0);  // nothing was renamed

  // A wrong confirmation is still a conflict.
  EXPECT_EQ(rename_me(exchange, alice,
                      R"({"display_name":"zoe","confirmed_overrides":{"blue":"zoe-3"}})")
                .result_int(),
            409);
  const HttpAnswer done = rename_me(
      exchange, alice, R"({"display_name":"zoe","confirmed_overrides":{"blue":"zoe-2"}})");
  ASSERT_EQ(done.result_int(), 200) << done.body();
  EXPECT_EQ(json::parse(done.body()), json::parse(R"({"status":"ok","display_name":"zoe"})"));
  EXPECT_EQ(display_name(exchange, alice), "zoe");

  // Each cohort announces its whole account list (10.6), with the new name.
  const auto [main_names, main_count] = announced_accounts(main_watcher->fence());
  EXPECT_EQ(main_count, 1);
  EXPECT_TRUE(contains(main_names, "zoe"));
  EXPECT_FALSE(contains(main_names, "alice"));
  EXPECT_TRUE(contains(main_names, "watcher"));
  const auto [blue_names, blue_count] = announced_accounts(blue_watcher->fence());
  EXPECT_EQ(blue_count, 1);
  EXPECT_TRUE(contains(blue_names, "zoe-2"));
  EXPECT_TRUE(contains(blue_names, "zoe"));  // the other person keeps theirs
  EXPECT_TRUE(contains(blue_names, "watcher"));

  // A read-only cohort is left as it is; the rename survives a restart.
  ASSERT_EQ(http_call(exchange.port(), http::verb::put, "/api/admin/cohorts/blue", kAdmin,
                      R"({"is_read_only":true})").result_int(), 200);
  ASSERT_EQ(rename_me(exchange, alice, R"({"display_name":"Ann"})").result_int(), 200);
  exchange.stop();
  exchange.start();
  Trader main_again = exchange.user("watcher");
  Trader blue_again = exchange.user("watcher", false, "blue");
  const auto [main_after, main_sent] = announced_accounts(main_again.snapshot);
  const auto [blue_after, blue_sent] = announced_accounts(blue_again.snapshot);
  EXPECT_TRUE(contains(main_after, "Ann"));
  EXPECT_TRUE(contains(blue_after, "zoe-2"));
  EXPECT_FALSE(contains(blue_after, "Ann"));
}

TEST(PersonAccounts, AdminRenamesAnyoneAndOthersMayNot) {
  TestExchange exchange;
  Trader bob = exchange.user("bob");
  ASSERT_EQ(http_call(exchange.port(), http::verb::get, "/api/cohorts", kAdmin).result_int(), 200);
  const HttpAnswer me = http_call(exchange.port(), http::verb::get, "/api/users/me", test_token("bob"));
  const int64_t bob_id = json::parse(me.body()).at("id").as_int64();
  const std::string path = "/api/admin/users/" + std::to_string(bob_id) + "/display-name";
  EXPECT_EQ(http_call(exchange.port(), http::verb::put, path, test_token("bob"),
                      R"({"display_name":"Boss"})").result_int(), 403);
  const HttpAnswer missing = http_call(exchange.port(), http::verb::put,
                                       "/api/admin/users/99999/display-name", kAdmin,
                                       R"({"display_name":"X"})");
  EXPECT_EQ(missing.result_int(), 404);
  EXPECT_EQ(missing.body(), "User not found");
  const HttpAnswer renamed =
      http_call(exchange.port(), http::verb::put, path, kAdmin, R"({"display_name":"Robert"})");
  ASSERT_EQ(renamed.result_int(), 200) << renamed.body();
  const auto [names, count] = announced_accounts(bob->fence());
  EXPECT_EQ(count, 1);
  EXPECT_TRUE(contains(names, "Robert"));
}

TEST(PersonAccounts, PlaceholderIsFundedBeforeTheFirstLoginClaimsIt) {
  TestExchange exchange;
  Trader teacher = exchange.user("teacher", true);
  Trader watcher = exchange.user("watcher");
  ASSERT_EQ(http_call(exchange.port(), http::verb::get, "/api/cohorts", kAdmin).result_int(), 200);
  const HttpAnswer added =
      http_call(exchange.port(), http::verb::post, "/api/admin/cohorts/main/members", kAdmin,
                R"({"emails":[" Dana@Uni.EDU "],"initial_balance":"250"})");
  ASSERT_EQ(added.result_int(), 200) << added.body();

  // Announced to the cohort at once, under the e-mail's local part.
  const ServerMessage created = watcher->next_matching(
      [](const ServerMessage& message) { return message.has_account_created(); });
  EXPECT_EQ(created.account_created().name(), "dana");
  EXPECT_TRUE(created.account_created().is_user());
  const int64_t placeholder = created.account_created().id();
  // The instructor funds it before the student ever connects.
  ASSERT_TRUE(teacher->request(make_transfer(teacher.id, placeholder, 50)).has_transfer_created());

  // Adding the e-mail again opens no second account.
  ASSERT_EQ(http_call(exchange.port(), http::verb::post, "/api/admin/cohorts/main/members", kAdmin,
                      R"({"emails":["dana@uni.edu"]})").result_int(), 200);
  for (const ServerMessage& message : watcher->fence()) EXPECT_FALSE(message.has_account_created());

  // The first login with that e-mail (any case) claims it: same id, name and money.
  auto dana = exchange.connect();
  const std::vector<ServerMessage> snapshot =
      dana->login("test::dana-subject::Dana Smith::false::DANA@uni.edu");
  ASSERT_TRUE(snapshot.back().has_acting_as());
  EXPECT_EQ(snapshot.front().authenticated().account_id(), placeholder);
  bool saw_balance = false;
  for (const ServerMessage& message : snapshot) {
    if (!message.has_portfolios()) continue;
    for (const auto& portfolio : message.portfolios().portfolios()) {
      if (portfolio.account_id() == placeholder) {
        EXPECT_DOUBLE_EQ(portfolio.total_balance(), 300);
        saw_balance = true;
      }
    }
  }
  EXPECT_TRUE(saw_balance);
  for (const ServerMessage& message : watcher->fence()) EXPECT_FALSE(message.has_account_created());

  // Claimed for good: after a restart the same login lands on the same account.
  exchange.stop();
  exchange.start();
  auto again = exchange.connect();
  EXPECT_EQ(again->login("test::dana-subject::Dana Smith::false").front().authenticated().account_id(),
            placeholder);
}

TEST(PersonAccounts, NoPlaceholderForSomeoneWhoAlreadyHasAnAccount) {
  TestExchange exchange;
  auto erin = exchange.connect();
  ASSERT_TRUE(erin->login("test::erin-subject::Erin::false::erin@uni.edu").back().has_acting_as());
  Trader watcher = exchange.user("watcher");
  ASSERT_EQ(http_call(exchange.port(), http::verb::get, "/api/cohorts", kAdmin).result_int(), 200);
  ASSERT_EQ(http_call(exchange.port(), http::verb::post, "/api/admin/cohorts/main/members", kAdmin,
                      R"({"emails":["erin@uni.edu","frank@uni.edu"]})").result_int(), 200);
  std::vector<std::string> created;
  for (const ServerMessage& message : watcher->fence()) {
    if (message.has_account_created()) created.push_back(message.account_created().name());
  }
  EXPECT_EQ(created, std::vector<std::string>{"frank"});
}

}  // namespace
}  // namespace exchange::testing
