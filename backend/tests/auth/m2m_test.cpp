// Machine-to-machine tokens and the HTTP X-ID-Token with a real issuer (cohorts.md 2.4, 3.1,
// 3.2, 7.3): the identity of a token without `sub` is its `azp`; the clients listed in
// KINDE_ADMIN_M2M_CLIENT_IDS are admin; ARBOR_PIXIE_M2M_CLIENT_ID logs in as "Arbor Pixie";
// GET /api/cohorts takes the person's name and e-mail from a valid X-ID-Token.

#include <gtest/gtest.h>

#include <boost/json/array.hpp>
#include <boost/json/serialize.hpp>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>

#include "auth/authentication.h"
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

constexpr const char* kAudience = "https://exchange.test/api";

class M2mTest : public ::testing::Test {
 protected:
  M2mTest() : key_(make_rsa_key("kinde-1")), issuer_(jwks_of({&key_})), exchange_(config()) {}

  app::Config config() {
    app::Config config;
    config.oidc_issuer = issuer_.issuer();
    config.oidc_audience = kAudience;
    config.oidc_client_id = "web-client";
    // Spaces and an empty entry, as an operator may write them.
    config.admin_m2m_client_ids = " m2m-admin, ,m2m-ops ";
    config.arbor_pixie_m2m_client_id = " m2m-pixie ";
    return config;
  }

  json::object claims() const {
    return json::object{
        {"iss", issuer_.issuer()}, {"aud", json::array{kAudience}}, {"exp", now_seconds() + 600}};
  }
  // A Kinde machine-to-machine access token: no `sub`, the client id in `azp`.
  std::string m2m(const std::string& client_id) const {
    json::object token = claims();
    token["azp"] = client_id;
    return sign(key_, token);
  }
  std::string access(const std::string& subject, const std::string& email = {}) const {
    json::object token = claims();
    token["sub"] = subject;
    if (!email.empty()) token["email"] = email;
    return sign(key_, token);
  }
  std::string id(const std::string& subject, const std::string& name,
                 const std::string& email) const {
    json::object token = claims();
    token["aud"] = "web-client";
    token["sub"] = subject;
    token["name"] = name;
    token["email"] = email;
    return sign(key_, token);
  }

  bool ws_admin(const std::string& token) {
    auto client = exchange_.connect();
    const std::vector<ServerMessage> login = ws_login(*client, token);
    EXPECT_NE(account_of(login), 0) << refusal_of(login);
    return !login.empty() && login.front().authenticated().is_admin();
  }
  HttpAnswer get(const std::string& target, const std::string& bearer,
                 const std::map<std::string, std::string>& headers = {}) {
    return http_call(exchange_.port(), http::get, target, {}, bearer, headers);
  }
  json::object me(const std::string& bearer) {
    const HttpAnswer answer = get("/api/users/me", bearer);
    EXPECT_EQ(answer.status, 200) << answer.body;
    return answer.json().is_object() ? answer.json().as_object() : json::object{};
  }

  TestKey key_;
  JwksServer issuer_;
  TestExchange exchange_;
};

TEST_F(M2mTest, AzpIsTheIdentityWhenSubIsMissingOrEmpty) {
  auto client = exchange_.connect();
  ASSERT_NE(account_of(ws_login(*client, m2m("m2m-plain"))), 0);
  json::object empty_sub = claims();
  empty_sub["sub"] = "";
  empty_sub["azp"] = "m2m-plain";
  // The same person whether `sub` is absent or empty.
  EXPECT_EQ(me(m2m("m2m-plain")).at("id"), me(sign(key_, empty_sub)).at("id"));

  json::object neither = claims();
  auto refused = exchange_.connect();
  EXPECT_EQ(refusal_of(ws_login(*refused, sign(key_, neither))), "JWT validation failed");
  neither["sub"] = "";
  neither["azp"] = "";
  EXPECT_EQ(refusal_of(ws_login(*refused, sign(key_, neither))), "JWT validation failed");
  const HttpAnswer unauthorised = get("/api/cohorts", sign(key_, neither));
  EXPECT_EQ(unauthorised.status, 401);
  EXPECT_EQ(unauthorised.body, "Bad JWT");
}

TEST_F(M2mTest, AllowListedClientsAreAdminOthersAreNot) {
  EXPECT_TRUE(ws_admin(m2m("m2m-admin")));
  EXPECT_TRUE(ws_admin(m2m("m2m-ops")));  // the list's entries are trimmed
  EXPECT_FALSE(ws_admin(m2m("m2m-plain")));

  ASSERT_EQ(get("/api/cohorts", m2m("m2m-admin")).status, 200);
  const HttpAnswer overview = get("/api/admin/overview", m2m("m2m-admin"));
  EXPECT_EQ(overview.status, 200) << overview.body;
  const HttpAnswer created = http_call(exchange_.port(), http::post, "/api/admin/cohorts",
                                       R"({"name":"m2m","display_name":"By a client"})",
                                       m2m("m2m-ops"));
  EXPECT_EQ(created.status, 200) << created.body;
  ASSERT_EQ(get("/api/cohorts", m2m("m2m-plain")).status, 200);
  EXPECT_EQ(get("/api/admin/overview", m2m("m2m-plain")).status, 403);
  EXPECT_EQ(me(m2m("m2m-plain")).at("is_admin"), false);

  // The list names identities of real tokens only: a test token of that subject is not admin.
  auto tester = exchange_.connect();
  const std::vector<ServerMessage> test_login = ws_login(*tester, "test::m2m-admin::T::false");
  ASSERT_NE(account_of(test_login), 0) << refusal_of(test_login);
  EXPECT_FALSE(test_login.front().authenticated().is_admin());
}

TEST_F(M2mTest, ArborPixieClientLogsInUnderThatName) {
  // Any other client keeps a placeholder name and gets an account of its own.
  auto other = exchange_.connect();
  const int64_t other_account = account_of(ws_login(*other, m2m("m2m-plain")));
  ASSERT_NE(other_account, 0);
  EXPECT_TRUE(me(m2m("m2m-plain")).at("display_name").as_string().starts_with("Unnamed-"));
  EXPECT_NE(other_account, 1);
  // The configured client takes over the seeded "Arbor Pixie" account (id 1, cohorts.md 3.5
  // step 4), and keeps it at its next login.
  auto pixie = exchange_.connect();
  EXPECT_EQ(account_of(ws_login(*pixie, m2m("m2m-pixie"))), 1);
  EXPECT_EQ(me(m2m("m2m-pixie")).at("display_name"), "Arbor Pixie");
  auto again = exchange_.connect();
  EXPECT_EQ(account_of(ws_login(*again, m2m("m2m-pixie"))), 1);
}

TEST_F(M2mTest, ArborPixieIdentityIsFlaggedToClaimTheSeededAccount) {
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("m2m-auth-" + std::to_string(now_seconds()) +
                                                "-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  AuthOptions options;
  options.data_dir = dir.string();
  options.database_path = (dir / "global.db").string();
  options.oidc_issuer = issuer_.issuer();
  options.oidc_audiences = {kAudience};
  options.arbor_pixie_client_id = "m2m-pixie";
  {
    Authentication auth(options);
    websocket_api::Authenticate request;
    request.set_jwt(m2m("m2m-pixie"));
    std::optional<messaging::Identity> pixie = auth.verify_login(request);
    ASSERT_TRUE(pixie.has_value());
    EXPECT_EQ(pixie->subject, "m2m-pixie");
    EXPECT_EQ(pixie->name, "Arbor Pixie");
    EXPECT_TRUE(pixie->claims_seeded_account);
    request.set_jwt(m2m("m2m-plain"));
    std::optional<messaging::Identity> plain = auth.verify_login(request);
    ASSERT_TRUE(plain.has_value());
    EXPECT_EQ(plain->name, "");
    EXPECT_FALSE(plain->claims_seeded_account);
    // HTTP is not a login: the bearer keeps the identity without the alias.
    std::optional<messaging::Identity> bearer = auth.verify_bearer(m2m("m2m-pixie"));
    ASSERT_TRUE(bearer.has_value());
    EXPECT_FALSE(bearer->claims_seeded_account);
  }
  std::filesystem::remove_all(dir);
}

TEST_F(M2mTest, IdTokenHeaderNamesThePersonAndLinksPreRegistrations) {
  ASSERT_EQ(get("/api/cohorts", m2m("m2m-admin")).status, 200);
  ASSERT_EQ(http_call(exchange_.port(), http::post, "/api/admin/cohorts",
                      R"({"name":"fall","display_name":"Fall"})", m2m("m2m-admin"))
                .status,
            200);
  ASSERT_EQ(http_call(exchange_.port(), http::post, "/api/admin/cohorts/fall/members",
                      R"({"emails":["dana@example.org","erin@example.org","mal@example.org"]})",
                      m2m("m2m-admin"))
                .status,
            200);
  auto lists_fall = [](const HttpAnswer& answer) {
    const json::value body = answer.json();  // alive for the whole loop
    for (const json::value& cohort : body.at("cohorts").as_array()) {
      if (cohort.at("name") == "fall") return true;
    }
    return false;
  };

  const HttpAnswer dana = get("/api/cohorts", access("kp_dana"),
                              {{"X-ID-Token", id("kp_dana", "Dana Scully", "dana@example.org")}});
  ASSERT_EQ(dana.status, 200) << dana.body;
  EXPECT_TRUE(lists_fall(dana));
  EXPECT_EQ(me(access("kp_dana")).at("display_name"), "Dana Scully");
  EXPECT_EQ(me(access("kp_dana")).at("email"), "dana@example.org");

  // Another subject's id token is ignored: the access token's e-mail is used instead.
  const HttpAnswer erin =
      get("/api/cohorts", access("kp_erin", "erin@example.org"),
          {{"X-ID-Token", id("kp_mallory", "Mallory", "mal@example.org")}});
  ASSERT_EQ(erin.status, 200) << erin.body;
  EXPECT_TRUE(lists_fall(erin));
  EXPECT_EQ(me(access("kp_erin")).at("email"), "erin@example.org");
  EXPECT_NE(me(access("kp_erin")).at("display_name"), "Mallory");
  const HttpAnswer members = get("/api/admin/cohorts/fall/members", m2m("m2m-admin"));
  ASSERT_EQ(members.status, 200) << members.body;
  const json::value rows = members.json();
  bool pending = false;
  for (const json::value& member : rows.as_array()) {
    if (member.at("email") == "mal@example.org") pending = member.at("global_user_id").is_null();
  }
  EXPECT_TRUE(pending);
}

}  // namespace
}  // namespace exchange::auth::testing
