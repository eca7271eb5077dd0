// TokenVerifier against a JWKS served over HTTP from keys made at test time: every kind of bad
// token is refused, good RS256 and ES256 tokens give the right identity.

#include "auth/token_verifier.h"

#include <gtest/gtest.h>

#include <boost/json/array.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "auth/base64url.h"
#include "jwks_server.h"
#include "test_keys.h"

namespace exchange::auth::testing {
namespace {

namespace json = boost::json;

constexpr const char* kAudience = "https://exchange.test/api";
constexpr const char* kClientId = "web-client";

class TokenVerifierTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    rsa_ = new TestKey(make_rsa_key("rsa-1"));
    ec_ = new TestKey(make_ec_key("ec-1"));
  }
  static void TearDownTestSuite() {
    delete rsa_;
    delete ec_;
  }

  TokenVerifierTest() : issuer_(jwks_of({rsa_, ec_})) {
    VerifierSettings settings;
    settings.issuer = issuer_.issuer();
    settings.audiences = {kAudience, "second-audience"};
    settings.id_token_audiences = {kClientId};
    keys_ = std::make_shared<KeySet>(jwks_fetch_for_issuer(issuer_.issuer()),
                                     [this] { return steady_now_; });
    verifier_ = std::make_unique<TokenVerifier>(settings, keys_);
  }

  json::object access_claims(const std::string& subject = "kp_0123456789") const {
    json::object claims;
    claims["iss"] = issuer_.issuer();
    claims["aud"] = json::array{kAudience};
    claims["sub"] = subject;
    claims["iat"] = now_seconds();
    claims["exp"] = now_seconds() + 3600;
    return claims;
  }

  json::object id_claims(const std::string& name, const std::string& subject = "kp_0123456789") {
    json::object claims = access_claims(subject);
    claims["aud"] = kClientId;
    claims["name"] = name;
    return claims;
  }

  bool accepted(const std::string& token) const {
    return verifier_->verify_login(token, {}).has_value();
  }

  static TestKey* rsa_;
  static TestKey* ec_;
  JwksServer issuer_;
  std::chrono::steady_clock::time_point steady_now_ = std::chrono::steady_clock::now();
  std::shared_ptr<KeySet> keys_;
  std::unique_ptr<TokenVerifier> verifier_;
};

TestKey* TokenVerifierTest::rsa_ = nullptr;
TestKey* TokenVerifierTest::ec_ = nullptr;

TEST_F(TokenVerifierTest, AcceptsRs256AndEs256WithAudienceAsStringOrArray) {
  json::object claims = access_claims();
  auto identity = verifier_->verify_login(sign(*rsa_, claims), {});
  ASSERT_TRUE(identity.has_value());
  EXPECT_EQ(identity->subject, "kp_0123456789");
  EXPECT_EQ(identity->name, "");
  EXPECT_FALSE(identity->is_admin);

  claims["aud"] = kAudience;  // a plain string
  EXPECT_TRUE(accepted(sign(*ec_, claims)));
  claims["aud"] = json::array{"someone-else", "second-audience"};  // one listed one suffices
  EXPECT_TRUE(accepted(sign(*rsa_, claims)));
  EXPECT_EQ(keys_->fetch_count(), 1u);  // fetched once, then cached
}

TEST_F(TokenVerifierTest, NameComesFromTheIdTokenAndAdminFromRoles) {
  json::object claims = access_claims();
  claims["roles"] = json::array{json::object{{"key", "trader"}, {"name", "Trader"}},
                                json::object{{"key", "admin"}}};
  auto identity =
      verifier_->verify_login(sign(*rsa_, claims), sign(*ec_, id_claims("Ada Lovelace")));
  ASSERT_TRUE(identity.has_value());
  EXPECT_EQ(identity->name, "Ada Lovelace");
  EXPECT_TRUE(identity->is_admin);

  claims["roles"] = json::array{json::object{{"key", "trader"}}};
  identity = verifier_->verify_login(sign(*rsa_, claims), {});
  ASSERT_TRUE(identity.has_value());
  EXPECT_FALSE(identity->is_admin);
}

TEST_F(TokenVerifierTest, IdTokenMustMatchAndMayCarryAName) {
  const std::string access = sign(*rsa_, access_claims());
  EXPECT_FALSE(verifier_->verify_login(access, sign(*rsa_, id_claims("Eve", "kp_someoneelse"))));
  // cohorts.md 3.1: the name is optional; given and family names stand in for it.
  json::object nameless = id_claims("x");
  nameless.erase("name");
  std::optional<messaging::Identity> identity = verifier_->verify_login(access, sign(*rsa_, nameless));
  ASSERT_TRUE(identity.has_value());
  EXPECT_EQ(identity->name, "");
  nameless["given_name"] = " Ada ";
  nameless["family_name"] = "Lovelace";
  nameless["email"] = "Ada@Example.org";
  identity = verifier_->verify_login(access, sign(*rsa_, nameless));
  ASSERT_TRUE(identity.has_value());
  EXPECT_EQ(identity->name, "Ada Lovelace");
  EXPECT_EQ(identity->email, "Ada@Example.org");
  EXPECT_FALSE(verifier_->verify_login(access, "garbage"));
  // The client id is an id token audience, not an access token one.
  json::object access_for_client = access_claims();
  access_for_client["aud"] = kClientId;
  EXPECT_FALSE(accepted(sign(*rsa_, access_for_client)));
}

TEST_F(TokenVerifierTest, MachineTokensAreKnownByAzpAndOnlyHttpReadsTheEmail) {
  // cohorts.md 3.1: no `sub` (Kinde M2M) or an empty one: the identity is `azp`.
  json::object claims = access_claims();
  claims.erase("sub");
  claims["azp"] = "m2m-client";
  claims["email"] = "ops@example.org";
  std::optional<messaging::Identity> identity = verifier_->verify_access(sign(*rsa_, claims));
  ASSERT_TRUE(identity.has_value());
  EXPECT_EQ(identity->subject, "m2m-client");
  EXPECT_FALSE(identity->email.has_value());  // the WebSocket takes e-mails from id tokens only
  identity = verifier_->verify_access(sign(*rsa_, claims), /*read_email=*/true);
  ASSERT_TRUE(identity.has_value());
  EXPECT_EQ(identity->email, "ops@example.org");
  claims["sub"] = "";
  EXPECT_EQ(verifier_->verify_login(sign(*rsa_, claims), {})->subject, "m2m-client");
  claims["sub"] = "kp_person";  // a subject wins over azp
  EXPECT_EQ(verifier_->verify_login(sign(*rsa_, claims), {})->subject, "kp_person");
  // Neither: invalid.
  claims["sub"] = "";
  claims["azp"] = "";
  EXPECT_FALSE(accepted(sign(*rsa_, claims)));
  claims.erase("sub");
  claims.erase("azp");
  EXPECT_FALSE(accepted(sign(*rsa_, claims)));
  claims["azp"] = 7;
  EXPECT_FALSE(accepted(sign(*rsa_, claims)));
}

TEST_F(TokenVerifierTest, RefusesEveryBadToken) {
  const int64_t now = now_seconds();
  auto with = [&](const char* name, json::value value) {
    json::object claims = access_claims();
    claims[name] = std::move(value);
    return claims;
  };
  auto without = [&](const char* name) {
    json::object claims = access_claims();
    claims.erase(name);
    return claims;
  };
  const json::object good = access_claims();
  const std::string valid = sign(*rsa_, good);
  const std::string payload = valid.substr(valid.find('.') + 1);

  json::object none_header{{"alg", "none"}, {"typ", "JWT"}, {"kid", rsa_->kid}};
  json::object hs256_header{{"alg", "HS256"}, {"typ", "JWT"}, {"kid", rsa_->kid}};
  const std::string hs256_input = base64url_encode(json::serialize(hs256_header)) + "." +
                                  base64url_encode(json::serialize(good));
  json::object rs_header_on_ec_key{{"alg", "RS256"}, {"typ", "JWT"}, {"kid", ec_->kid}};
  std::string bad_signature = valid;
  bad_signature[bad_signature.size() - 5] =
      bad_signature[bad_signature.size() - 5] == 'A' ? 'B' : 'A';

  const std::vector<std::pair<std::string, std::string>> cases = {
      {"expired", sign(*rsa_, with("exp", now - 120))},
      {"expired (ES256)", sign(*ec_, with("exp", now - 120))},
      {"not yet valid", sign(*rsa_, with("nbf", now + 600))},
      {"no exp", sign(*rsa_, without("exp"))},
      {"exp not a number", sign(*rsa_, with("exp", "tomorrow"))},
      {"wrong issuer", sign(*rsa_, with("iss", "https://evil.example"))},
      {"no issuer", sign(*rsa_, without("iss"))},
      {"wrong audience", sign(*rsa_, with("aud", "https://other/api"))},
      {"wrong audience list", sign(*rsa_, with("aud", json::array{"a", "b"}))},
      {"no audience", sign(*rsa_, without("aud"))},
      {"missing sub", sign(*rsa_, without("sub"))},
      {"empty sub", sign(*rsa_, with("sub", ""))},
      {"sub not a string", sign(*rsa_, with("sub", 42))},
      {"unknown role", sign(*rsa_, with("roles", json::array{json::object{{"key", "owner"}}}))},
      {"roles not an array", sign(*rsa_, with("roles", "admin"))},
      {"role without key", sign(*rsa_, with("roles", json::array{json::object{}}))},
      {"alg none", assemble(none_header, good, "")},
      {"HS256 with the public key",
       assemble(hs256_header, good, hmac_sha256(public_pem(*rsa_), hs256_input))},
      {"RS256 header on an EC key", assemble(rs_header_on_ec_key, good, "x")},
      {"bad signature", bad_signature},
      {"known kid, other key", sign(make_ec_key("ec-1"), good)},
      {"unknown kid", sign(make_ec_key("nobody"), good)},
      {"truncated", valid.substr(0, valid.size() - 10)},
      {"two parts", valid.substr(0, valid.rfind('.'))},
      {"not base64", "eyJ!!!." + payload},
      {"header not JSON", base64url_encode("not json") + "." + payload},
      {"empty", ""},
  };
  for (const auto& [name, token] : cases) {
    EXPECT_FALSE(accepted(token)) << name;
  }
  EXPECT_TRUE(accepted(valid));
}

TEST_F(TokenVerifierTest, LeewayOfSixtySeconds) {
  const int64_t now = now_seconds();
  json::object claims = access_claims();
  claims["exp"] = now - 30;
  claims["nbf"] = now + 30;
  EXPECT_TRUE(accepted(sign(*rsa_, claims)));
  claims["exp"] = now - 90;
  EXPECT_FALSE(accepted(sign(*rsa_, claims)));
}

TEST_F(TokenVerifierTest, UnknownKidRefreshesAtMostOncePerMinute) {
  ASSERT_TRUE(accepted(sign(*rsa_, access_claims())));
  ASSERT_EQ(issuer_.fetches(), 1);

  // The issuer rotates in a new key: the first token with its kid triggers a refresh.
  TestKey rotated = make_ec_key("ec-2");
  issuer_.set_jwks(jwks_of({rsa_, ec_, &rotated}));
  steady_now_ += std::chrono::seconds(61);
  EXPECT_TRUE(accepted(sign(rotated, access_claims())));
  EXPECT_EQ(issuer_.fetches(), 2);

  // Another unknown kid within the minute: refused without fetching.
  TestKey unknown = make_ec_key("ec-3");
  issuer_.set_jwks(jwks_of({rsa_, ec_, &rotated, &unknown}));
  steady_now_ += std::chrono::seconds(30);
  EXPECT_FALSE(accepted(sign(unknown, access_claims())));
  EXPECT_EQ(issuer_.fetches(), 2);
  // Known keys keep working meanwhile.
  EXPECT_TRUE(accepted(sign(*ec_, access_claims())));
  // Once the minute is over, the next unknown kid refreshes again.
  steady_now_ += std::chrono::seconds(31);
  EXPECT_TRUE(accepted(sign(unknown, access_claims())));
  EXPECT_EQ(issuer_.fetches(), 3);
}

TEST_F(TokenVerifierTest, AlgNoneAndHmacNeverTriggerAFetch) {
  json::object header{{"alg", "HS256"}, {"kid", "made-up"}};
  EXPECT_FALSE(accepted(assemble(header, access_claims(), "sig")));
  header["alg"] = "none";
  EXPECT_FALSE(accepted(assemble(header, access_claims(), "")));
  EXPECT_EQ(issuer_.fetches(), 0);
}

TEST(KeySet, UnreachableIssuerIsRetriedAfterAFewSeconds) {
  auto now = std::chrono::steady_clock::now();
  int fetches = 0;
  std::optional<std::string> document;
  KeySet keys(
      [&] {
        ++fetches;
        return document;
      },
      [&] { return now; });
  EXPECT_FALSE(keys.find("k"));
  EXPECT_FALSE(keys.find("k"));
  EXPECT_EQ(fetches, 1);
  TestKey key = make_ec_key("k");
  document = jwks_of({&key});
  now += KeySet::kRetryInterval;
  EXPECT_TRUE(keys.find("k"));
  EXPECT_EQ(fetches, 2);
}

TEST(Jwks, SkipsUnusableKeys) {
  TestKey ec = make_ec_key("good");
  std::string text = jwks_of({&ec});
  json::object jwks = json::parse(text).as_object();
  json::array& keys = jwks["keys"].as_array();
  keys.push_back(json::object{{"kty", "oct"}, {"kid", "hmac"}, {"k", "c2VjcmV0"}});
  json::object enc = keys[0].as_object();
  enc["kid"] = "enc";
  enc["use"] = "enc";
  keys.push_back(enc);
  json::object off_curve = keys[0].as_object();
  off_curve["kid"] = "off-curve";
  off_curve["y"] = off_curve["x"];
  keys.push_back(off_curve);
  json::object wrong_alg = keys[0].as_object();
  wrong_alg["kid"] = "wrong-alg";
  wrong_alg["alg"] = "RS256";
  keys.push_back(wrong_alg);
  auto parsed = parse_jwks(json::serialize(jwks));
  ASSERT_TRUE(parsed.has_value());
  EXPECT_EQ(parsed->size(), 1u);
  EXPECT_TRUE(parsed->contains("good"));
  EXPECT_FALSE(parse_jwks("[]").has_value());
}

}  // namespace
}  // namespace exchange::auth::testing
