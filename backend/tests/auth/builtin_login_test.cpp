// Built-in login end to end: the in-process exchange, its HTTP routes and WebSocket logins with
// the tokens it issues.

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <boost/json/array.hpp>
#include <boost/json/serialize.hpp>
#include <filesystem>

#include "auth/base64url.h"
#include "auth/jwt.h"
#include "auth/signing_key.h"
#include "http_client.h"
#include "login_helpers.h"
#include "test_exchange.h"
#include "test_keys.h"

namespace exchange::auth::testing {
namespace {

namespace json = boost::json;
using exchange::testing::TestExchange;
using http = net::http::verb;

constexpr const char* kSetupCode = "TEST-SETUP-CODE-0001";

app::Config builtin_config() {
  app::Config config;
  config.password_cost = "minimum";  // tests only: keep hashing cheap
  config.setup_code = kSetupCode;
  return config;
}

struct Tokens {
  std::string access;
  std::string id;
};

Tokens tokens_of(const HttpAnswer& answer) {
  json::value body = answer.json();
  EXPECT_EQ(answer.status, 200) << answer.body;
  if (answer.status != 200) return {};
  EXPECT_EQ(body.at("expires_in").as_int64(), 12 * 3600);
  return {std::string(body.at("access_token").as_string()),
          std::string(body.at("id_token").as_string())};
}

bool has_admin_role(const std::string& access_token) {
  json::object claims = claims_of(access_token);
  const json::value* roles = claims.if_contains("roles");
  if (roles == nullptr) return false;
  for (const json::value& role : roles->as_array()) {
    if (role.at("key") == "admin") return true;
  }
  return false;
}

class BuiltinLoginTest : public ::testing::Test {
 protected:
  explicit BuiltinLoginTest(app::Config config = builtin_config()) : exchange_(config) {}

  HttpAnswer register_user(const std::string& name, const std::string& password) {
    return post_credentials(exchange_.port(), "/api/auth/register", name, password);
  }
  // Registers the instructor with the server's setup code.
  HttpAnswer register_admin(const std::string& name, const std::string& password) {
    json::object body{{"name", name}, {"password", password}, {"setup_code", kSetupCode}};
    return http_call(exchange_.port(), http::post, "/api/auth/register", json::serialize(body));
  }
  HttpAnswer login(const std::string& name, const std::string& password) {
    return post_credentials(exchange_.port(), "/api/auth/login", name, password);
  }

  TestExchange exchange_;
};

TEST_F(BuiltinLoginTest, RegisterThenLogInOverTheWebSocket) {
  Tokens alice = tokens_of(register_admin("alice", "correct horse"));
  json::object access = claims_of(alice.access);
  EXPECT_EQ(access.at("iss"), "exchange-builtin");
  EXPECT_EQ(access.at("aud"), "exchange");
  const std::string subject(access.at("sub").as_string());
  EXPECT_TRUE(subject.starts_with("bi_"));
  EXPECT_EQ(subject.size(), 19u);
  EXPECT_EQ(access.at("exp").as_int64() - access.at("iat").as_int64(), 12 * 3600);
  json::object id = claims_of(alice.id);
  EXPECT_EQ(id.at("sub").as_string(), subject);
  EXPECT_EQ(id.at("name"), "alice");
  EXPECT_TRUE(has_admin_role(alice.access));  // registered with the setup code

  auto client = exchange_.connect();
  auto snapshot = ws_login(*client, alice.access, alice.id);
  ASSERT_NE(account_of(snapshot), 0) << refusal_of(snapshot);
  EXPECT_EQ(balance_of(snapshot), 100'000'000);  // admins start rich (protocol.md 6.5)

  Tokens bob = tokens_of(register_user("bob", "hunter2hunter2"));
  EXPECT_FALSE(has_admin_role(bob.access));
  auto bob_client = exchange_.connect();
  auto bob_snapshot = ws_login(*bob_client, bob.access, bob.id);
  ASSERT_NE(account_of(bob_snapshot), 0) << refusal_of(bob_snapshot);
  EXPECT_EQ(balance_of(bob_snapshot), 0);

  // Logging in again gives new tokens for the same account.
  Tokens again = tokens_of(login("alice", "correct horse"));
  EXPECT_EQ(claims_of(again.access).at("sub").as_string(), subject);
  auto second = exchange_.connect();
  EXPECT_EQ(account_of(ws_login(*second, again.access, again.id)), account_of(snapshot));
}

TEST_F(BuiltinLoginTest, WrongPasswordAndUnknownNameGetTheSameAnswer) {
  tokens_of(register_user("alice", "correct horse"));
  HttpAnswer wrong = login("alice", "wrong password");
  HttpAnswer unknown = login("nobody", "correct horse");
  EXPECT_EQ(wrong.status, 401);
  EXPECT_EQ(unknown.status, 401);
  EXPECT_EQ(wrong.body, R"({"error":"Invalid name or password"})");
  EXPECT_EQ(unknown.body, wrong.body);
  EXPECT_EQ(wrong.headers["content-type"], "application/json");
}

TEST_F(BuiltinLoginTest, NamesAndPasswordsAreChecked) {
  tokens_of(register_user(" alice ", "correct horse"));  // stored trimmed
  EXPECT_EQ(login("alice", "correct horse").status, 200);
  HttpAnswer duplicate = register_user("alice", "another password");
  EXPECT_EQ(duplicate.status, 409);
  EXPECT_EQ(duplicate.body, R"({"error":"Name already taken"})");

  // A name an exchange account already has (here from a test-token login) is taken too.
  exchange_.user("carol");
  EXPECT_EQ(register_user("carol", "a fine password").status, 409);

  EXPECT_EQ(register_user("   ", "a fine password").status, 400);
  EXPECT_EQ(register_user(std::string(65, 'x'), "a fine password").status, 400);
  EXPECT_EQ(register_user(std::string(64, 'x'), "a fine password").status, 200);
  EXPECT_EQ(register_user("tab\tname", "a fine password").status, 400);

  // Look-alikes of a taken name are taken (issue 13, item 11).
  for (const char* alike : {"Alice", "ALICE", "\xD0\xB0lice" /* Cyrillic а */, "alice ",
                            "\xEF\xBD\x81lice" /* full-width ａ */, "CAROL"}) {
    HttpAnswer taken = register_user(alike, "a fine password");
    EXPECT_EQ(taken.status, 409) << alike;
    EXPECT_EQ(taken.body, R"({"error":"Name already taken"})") << alike;
  }
  // Invisible and direction-changing characters and zalgo are refused outright.
  for (const char* hidden : {"al\xE2\x80\x8Bice",
                             "\xE2\x80\xAE"
                             "ecila",
                             "alice\xE2\x80\x8F",
                             "z\xCC\x81\xCC\x82\xCC\x83"
                             "algo"}) {
    EXPECT_EQ(register_user(hidden, "a fine password").status, 400) << hidden;
  }
  HttpAnswer short_password = register_user("dave", "1234567");
  EXPECT_EQ(short_password.status, 400);
  EXPECT_EQ(short_password.body, R"({"error":"Password must be at least 8 characters"})");
  HttpAnswer common = register_user("dave", "password");
  EXPECT_EQ(common.status, 400);
  EXPECT_EQ(common.body, R"({"error":"Password is too common; choose a longer phrase"})");
  EXPECT_EQ(register_user("dave", "        ").status, 400);
  HttpAnswer own_name = register_user("davidson", "Davidson");
  EXPECT_EQ(own_name.status, 400);
  EXPECT_EQ(own_name.body, R"({"error":"Password must not be your name"})");
  EXPECT_EQ(http_call(exchange_.port(), http::post, "/api/auth/register", "{not json").status, 400);
  EXPECT_EQ(
      http_call(exchange_.port(), http::post, "/api/auth/login", R"({"name":"alice"})").status,
      400);
}

TEST_F(BuiltinLoginTest, TamperedExpiredAndForeignTokensAreRefused) {
  Tokens alice = tokens_of(register_user("alice", "correct horse"));
  auto client = exchange_.connect();

  // Change the payload (claim another subject) and keep the signature.
  json::object claims = claims_of(alice.access);
  claims["sub"] = "bi_0000000000000000";
  const size_t first = alice.access.find('.');
  const size_t second = alice.access.find('.', first + 1);
  const std::string tampered = alice.access.substr(0, first + 1) +
                               base64url_encode(json::serialize(claims)) +
                               alice.access.substr(second);
  EXPECT_EQ(refusal_of(ws_login(*client, tampered)), "JWT validation failed");

  // Signed with the server's own key, but expired.
  SigningKey key =
      SigningKey::load_or_create(std::filesystem::path(exchange_.data_dir()) / kSigningKeyFile);
  json::object expired = claims_of(alice.access);
  expired["exp"] = now_seconds() - 3600;
  EXPECT_EQ(refusal_of(ws_login(*client, key.sign(expired))), "JWT validation failed");
  // The same token, unexpired, is fine: the signing key is the one the server uses.
  expired["exp"] = now_seconds() + 60;
  EXPECT_NE(account_of(ws_login(*client, key.sign(expired), alice.id)), 0);

  // A token from another exchange's built-in issuer (another key) is refused.
  auto other_dir = std::filesystem::temp_directory_path() / "exchange-auth-other-key";
  std::filesystem::create_directories(other_dir);
  SigningKey other = SigningKey::load_or_create(other_dir / kSigningKeyFile);
  std::filesystem::remove_all(other_dir);
  auto fresh = exchange_.connect();
  EXPECT_EQ(refusal_of(ws_login(*fresh, other.sign(claims_of(alice.access)))),
            "JWT validation failed");
}

TEST_F(BuiltinLoginTest, JwksConfigAndKeyFile) {
  HttpAnswer config = http_call(exchange_.port(), http::get, "/api/config");
  EXPECT_EQ(config.status, 200);
  EXPECT_EQ(config.body, R"({"auth":"builtin","registration":"open","setup_required":true})");
  EXPECT_EQ(config.headers["access-control-allow-origin"], "*");

  HttpAnswer jwks = http_call(exchange_.port(), http::get, "/api/.well-known/jwks.json");
  ASSERT_EQ(jwks.status, 200);
  auto keys = parse_jwks(jwks.body);
  ASSERT_TRUE(keys.has_value());
  ASSERT_EQ(keys->size(), 1u);
  const VerificationKey& key = keys->begin()->second;
  EXPECT_EQ(key.algorithm, Algorithm::kEs256);
  EXPECT_EQ(jwks.body.find("\"d\""), std::string::npos);  // no private part

  // The published key verifies the tokens the server issues.
  Tokens alice = tokens_of(register_user("alice", "correct horse"));
  auto parsed = parse_jwt(alice.access);
  ASSERT_TRUE(parsed.has_value());
  EXPECT_EQ(parsed->header.at("kid").as_string(), key.kid);
  EXPECT_EQ(parsed->header.at("alg"), "ES256");
  EXPECT_TRUE(verify_signature(key, parsed->signing_input, parsed->signature));

  struct stat info {};
  ASSERT_EQ(stat((std::filesystem::path(exchange_.data_dir()) / kSigningKeyFile).c_str(), &info),
            0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);

  // The key survives a restart: old tokens stay valid.
  exchange_.restart();
  auto client = exchange_.connect();
  EXPECT_NE(account_of(ws_login(*client, alice.access, alice.id)), 0);
}

TEST_F(BuiltinLoginTest, PreflightIsAnswered) {
  HttpAnswer preflight = http_call(exchange_.port(), http::options, "/api/auth/login");
  EXPECT_EQ(preflight.status, 204);
  EXPECT_EQ(preflight.headers["access-control-allow-headers"], "Authorization, Content-Type");
}

class ClosedRegistrationTest : public BuiltinLoginTest {
 protected:
  static app::Config closed() {
    app::Config config = builtin_config();
    config.registration = "closed";
    return config;
  }
  ClosedRegistrationTest() : BuiltinLoginTest(closed()) {}
};

TEST_F(ClosedRegistrationTest, RegistrationIsRefused) {
  HttpAnswer refused = register_user("alice", "correct horse");
  EXPECT_EQ(refused.status, 403);
  EXPECT_EQ(refused.body, R"({"error":"Registration is closed"})");
  EXPECT_EQ(http_call(exchange_.port(), http::get, "/api/config").body,
            R"({"auth":"builtin","registration":"closed","setup_required":true})");
}

class RateLimitTest : public BuiltinLoginTest {
 protected:
  static app::Config forwarded() {
    app::Config config = builtin_config();
    config.trust_forwarded_for = true;
    return config;
  }
  RateLimitTest() : BuiltinLoginTest(forwarded()) {}

  HttpAnswer login_from(const std::string& address, const std::string& password) {
    json::object body{{"name", "alice"}, {"password", password}};
    return http_call(exchange_.port(), http::post, "/api/auth/login", json::serialize(body), {},
                     {{"X-Forwarded-For", "198.51.100.1, " + address}});
  }
};

TEST_F(RateLimitTest, TenFailuresFromAnAddressBlockItEvenWithTheRightPassword) {
  tokens_of(register_user("alice", "correct horse"));
  for (int i = 0; i < 10; ++i) EXPECT_EQ(login_from("203.0.113.7", "wrong").status, 401) << i;
  HttpAnswer blocked = login_from("203.0.113.7", "correct horse");
  EXPECT_EQ(blocked.status, 429);
  EXPECT_FALSE(blocked.json().at("error").as_string().empty());
  // Another address is not affected.
  EXPECT_EQ(login_from("203.0.113.8", "correct horse").status, 200);
}

class UntrustedPeerTest : public BuiltinLoginTest {
 protected:
  static app::Config elsewhere() {
    app::Config config = builtin_config();
    config.trusted_proxies = {"192.0.2.1"};  // a proxy elsewhere: loopback's header is not believed
    return config;
  }
  UntrustedPeerTest() : BuiltinLoginTest(elsewhere()) {}

  HttpAnswer login_claiming(const std::string& address, const std::string& password) {
    json::object body{{"name", "alice"}, {"password", password}};
    return http_call(exchange_.port(), http::post, "/api/auth/login", json::serialize(body), {},
                     {{"X-Forwarded-For", address}});
  }
};

TEST_F(UntrustedPeerTest, ForwardedForFromAnotherPeerIsIgnored) {
  tokens_of(register_user("alice", "correct horse"));
  for (int i = 0; i < 10; ++i) {
    EXPECT_EQ(login_claiming("203.0.113." + std::to_string(i), "wrong").status, 401) << i;
  }
  // All ten failures counted against the real peer, so a fresh claimed address is blocked too.
  EXPECT_EQ(login_claiming("203.0.113.99", "correct horse").status, 429);
}

}  // namespace
}  // namespace exchange::auth::testing
