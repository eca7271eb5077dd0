// The instructor setup code (issue 13, item 7): a stranger who registers first on a fresh
// server is a normal user; only the code printed on the server's console makes the admin.

#include "auth/setup_code.h"

#include <gtest/gtest.h>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <set>

#include "http_client.h"
#include "login_helpers.h"
#include "test_exchange.h"

namespace exchange::auth::testing {
namespace {

namespace json = boost::json;
using exchange::testing::TestExchange;
using verb = net::http::verb;

constexpr const char* kCode = "TEST-SETUP-CODE-0001";

TEST(SetupCode, RandomCodesAreUnambiguousAndDistinct) {
  std::set<std::string> seen;
  for (int i = 0; i < 50; ++i) {
    const std::string code = new_setup_code();
    ASSERT_EQ(code.size(), 14u) << code;  // XXXX-XXXX-XXXX
    EXPECT_EQ(code[4], '-');
    EXPECT_EQ(code[9], '-');
    EXPECT_EQ(code.find_first_of("01OIL"), std::string::npos) << code;
    seen.insert(code);
  }
  EXPECT_EQ(seen.size(), 50u);
}

TEST(SetupCode, MatchesIgnoringCaseAndDashesUntilSpent) {
  SetupCode setup("k7qf-m2xd-9prt");
  EXPECT_EQ(setup.pending(), "k7qf-m2xd-9prt");
  EXPECT_TRUE(setup.matches("K7QF-M2XD-9PRT"));
  EXPECT_TRUE(setup.matches("k7qfm2xd9prt"));
  EXPECT_FALSE(setup.matches("K7QF-M2XD-9PRX"));
  EXPECT_FALSE(setup.matches("K7QF-M2XD-9PR"));
  EXPECT_FALSE(setup.matches(""));
  setup.spend();
  EXPECT_EQ(setup.pending(), std::nullopt);
  EXPECT_FALSE(setup.matches("K7QF-M2XD-9PRT"));
  EXPECT_THROW(SetupCode("short-code"), std::invalid_argument);
  EXPECT_TRUE(SetupCode("").pending().has_value());  // random
}

bool has_admin_role(const HttpAnswer& answer) {
  json::object claims = claims_of(std::string(answer.json().at("access_token").as_string()));
  const json::value* roles = claims.if_contains("roles");
  return roles != nullptr && !roles->as_array().empty();
}

class SetupFlowTest : public ::testing::Test {
 protected:
  static app::Config config(const std::string& registration = "open") {
    app::Config config;
    config.password_cost = "minimum";
    config.setup_code = kCode;
    config.registration = registration;
    return config;
  }
  explicit SetupFlowTest(app::Config config = SetupFlowTest::config()) : exchange_(config) {}

  HttpAnswer register_user(const std::string& name, const std::string& code = {}) {
    json::object body{{"name", name}, {"password", "correct horse"}};
    if (!code.empty()) body["setup_code"] = code;
    return http_call(exchange_.port(), verb::post, "/api/auth/register", json::serialize(body));
  }
  bool setup_required() {
    return http_call(exchange_.port(), verb::get, "/api/config").json().at("setup_required") ==
           true;
  }

  TestExchange exchange_;
};

TEST_F(SetupFlowTest, AStrangerRegisteringFirstIsNotAdmin) {
  EXPECT_EQ(exchange_.server().setup_code(), kCode);
  EXPECT_TRUE(setup_required());
  HttpAnswer stranger = register_user("mallory");
  ASSERT_EQ(stranger.status, 200) << stranger.body;
  EXPECT_FALSE(has_admin_role(stranger));
  EXPECT_TRUE(setup_required());  // still waiting for the instructor
}

TEST_F(SetupFlowTest, TheCodeMakesOneAdminOnce) {
  HttpAnswer teacher = register_user("teacher", "test-setup-code-0001");  // as typed
  ASSERT_EQ(teacher.status, 200) << teacher.body;
  EXPECT_TRUE(has_admin_role(teacher));
  EXPECT_FALSE(setup_required());
  EXPECT_EQ(exchange_.server().setup_code(), std::nullopt);

  HttpAnswer again = register_user("second", kCode);
  EXPECT_EQ(again.status, 403);
  EXPECT_EQ(again.body, R"({"error":"Invalid setup code"})");
  EXPECT_EQ(register_user("second").status, 200);  // nothing was created by the refusal
  // After a restart (a new process, an admin exists) there is no code any more.
  exchange_.restart();
  EXPECT_FALSE(setup_required());
  EXPECT_EQ(register_user("third", kCode).status, 403);
}

TEST_F(SetupFlowTest, AWrongCodeCreatesNothing) {
  HttpAnswer wrong = register_user("teacher", "TEST-SETUP-CODE-0002");
  EXPECT_EQ(wrong.status, 403);
  EXPECT_EQ(wrong.body, R"({"error":"Invalid setup code"})");
  EXPECT_TRUE(setup_required());
  HttpAnswer right = register_user("teacher", kCode);  // the name is still free
  ASSERT_EQ(right.status, 200) << right.body;
  EXPECT_TRUE(has_admin_role(right));
}

TEST_F(SetupFlowTest, ATakenNameDoesNotSpendTheCode) {
  ASSERT_EQ(register_user("teacher").status, 200);
  EXPECT_EQ(register_user("Teacher", kCode).status, 409);
  EXPECT_TRUE(setup_required());
  EXPECT_EQ(register_user("instructor", kCode).status, 200);
  EXPECT_FALSE(setup_required());
}

class ClosedSetupFlowTest : public SetupFlowTest {
 protected:
  ClosedSetupFlowTest() : SetupFlowTest(config("closed")) {}
};

TEST_F(ClosedSetupFlowTest, TheCodeWorksWithRegistrationClosed) {
  EXPECT_EQ(register_user("student").status, 403);
  HttpAnswer teacher = register_user("teacher", kCode);
  ASSERT_EQ(teacher.status, 200) << teacher.body;
  EXPECT_TRUE(has_admin_role(teacher));
}

TEST(SetupCodeOption, ATooShortCodeIsRefusedAtStartUp) {
  app::Config config;
  config.password_cost = "minimum";
  config.setup_code = "abc";
  EXPECT_THROW(TestExchange exchange(config), std::invalid_argument);
}

}  // namespace
}  // namespace exchange::auth::testing
