// Small pieces of auth/: base64url, names, the failed-login limiter, password hashes, the
// authenticator's dispatch, the signing key file.

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>

#include "auth/account_name.h"
#include "auth/authenticator.h"
#include "auth/base64url.h"
#include "auth/login_limiter.h"
#include "auth/password_hash.h"
#include "auth/signing_key.h"

namespace exchange::auth::testing {
namespace {

TEST(Base64url, RoundTripsAndRejectsNonCanonicalText) {
  EXPECT_EQ(base64url_encode("\xfb\xff"), "-_8");
  EXPECT_EQ(base64url_decode("-_8"), std::string("\xfb\xff"));
  EXPECT_EQ(base64url_decode(""), std::string());
  EXPECT_FALSE(base64url_decode("-_8="));   // padding
  EXPECT_FALSE(base64url_decode("+/8"));    // the other alphabet
  EXPECT_FALSE(base64url_decode("A"));      // dangling character
  EXPECT_FALSE(base64url_decode("-_9"));    // non-zero trailing bits
  EXPECT_FALSE(base64url_decode("ab cd"));  // stray characters
}

TEST(AccountName, TrimsAndBounds) {
  EXPECT_EQ(check_account_name("  Ada  ").name, "Ada");
  EXPECT_FALSE(check_account_name(" \t ").error.empty());
  EXPECT_TRUE(check_account_name(std::string(64, 'a')).error.empty());
  EXPECT_FALSE(check_account_name(std::string(65, 'a')).error.empty());
  // 64 characters of two bytes each are fine: the limit counts characters.
  std::string accented;
  for (int i = 0; i < 64; ++i) accented += "\xc3\xa9";
  EXPECT_TRUE(check_account_name(accented).error.empty());
  EXPECT_FALSE(check_account_name("\xc3").error.empty());      // truncated UTF-8
  EXPECT_FALSE(check_account_name("\xc0\xaf").error.empty());  // overlong
  EXPECT_FALSE(check_account_name("a\x01z").error.empty());    // control character
}

TEST(LoginLimiter, BlocksAfterMaxFailuresAndDrains) {
  auto now = std::chrono::steady_clock::now();
  LoginLimiter limiter({3, std::chrono::seconds(300)}, [&] { return now; });
  for (int i = 0; i < 3; ++i) {
    EXPECT_FALSE(limiter.blocked("a"));
    limiter.record_failure("a");
  }
  EXPECT_TRUE(limiter.blocked("a"));
  EXPECT_FALSE(limiter.blocked("b"));
  now += std::chrono::seconds(99);  // drains one failure per 100 s
  EXPECT_TRUE(limiter.blocked("a"));
  now += std::chrono::seconds(2);
  EXPECT_FALSE(limiter.blocked("a"));  // one more try
  limiter.record_failure("a");
  EXPECT_TRUE(limiter.blocked("a"));
  now += std::chrono::seconds(300);
  EXPECT_FALSE(limiter.blocked("a"));
}

TEST(PasswordHash, Argon2idVerifies) {
  const std::string hash = hash_password("correct horse", PasswordCost::kMinimum);
  EXPECT_TRUE(hash.starts_with("$argon2id$"));
  EXPECT_TRUE(verify_password(hash, "correct horse"));
  EXPECT_FALSE(verify_password(hash, "correct horse!"));
  EXPECT_FALSE(verify_password("not a hash", "correct horse"));
  EXPECT_FALSE(verify_password(decoy_hash(PasswordCost::kMinimum), ""));
}

TEST(Authenticator, TestTokensOnlyWithTheFlag) {
  VerifierSettings settings;
  settings.issuer = "nobody";
  settings.audiences = {"x"};
  auto verifier = std::make_shared<TokenVerifier>(settings, std::make_shared<KeySet>(KeyMap{}));
  Authenticator strict(verifier, nullptr, false);
  Authenticator testing(verifier, nullptr, true);
  const std::string token = "test::subject-sam::sam::true";
  EXPECT_FALSE(strict.verify_login(token, {}));
  auto identity = testing.verify_login(token, {});
  ASSERT_TRUE(identity.has_value());
  EXPECT_EQ(identity->subject, "subject-sam");
  EXPECT_TRUE(identity->is_admin);
  EXPECT_FALSE(testing.verify_login("test::too::few", {}));
  EXPECT_FALSE(testing.verify_bearer("bot_whatever"));
  EXPECT_FALSE(testing.verify_login("bot_whatever", {}));  // no bot token store
}

TEST(Authenticator, TestBearerTakesATestIdTokenOfItsOwnSubject) {
  VerifierSettings settings;
  settings.issuer = "nobody";
  settings.audiences = {"x"};
  auto verifier = std::make_shared<TokenVerifier>(settings, std::make_shared<KeySet>(KeyMap{}));
  // The allow-list does not apply to test tokens.
  Authenticator testing(verifier, nullptr, true, {"subject-sam"});
  const std::string bearer = "test::subject-sam::sam::false";
  std::optional<messaging::Identity> sam = testing.verify_bearer(bearer);
  ASSERT_TRUE(sam.has_value());
  EXPECT_FALSE(sam->is_admin);
  std::optional<IdTokenClaims> id =
      testing.verify_id_token(bearer, "test::subject-sam::Sam Smith::false::sam@example.org", *sam);
  ASSERT_TRUE(id.has_value());
  EXPECT_EQ(id->name, "Sam Smith");
  EXPECT_EQ(id->email, "sam@example.org");
  EXPECT_FALSE(testing.verify_id_token(bearer, "test::subject-eve::Eve::false", *sam));
  EXPECT_FALSE(testing.verify_id_token(bearer, "test::subject-sam", *sam));
  EXPECT_FALSE(testing.verify_id_token(bearer, "a.b.c", *sam));
}

TEST(SigningKey, CreatedOwnerOnlyAndReloadedSame) {
  auto dir = std::filesystem::temp_directory_path() / "exchange-auth-key-test";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  const auto path = dir / kSigningKeyFile;
  SigningKey created = SigningKey::load_or_create(path);
  struct stat info {};
  ASSERT_EQ(stat(path.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);
  SigningKey loaded = SigningKey::load_or_create(path);
  EXPECT_EQ(loaded.public_key().kid, created.public_key().kid);
  EXPECT_EQ(loaded.jwks_json(), created.jwks_json());
  // A key file others can read is tightened.
  chmod(path.c_str(), 0644);
  SigningKey::load_or_create(path);
  ASSERT_EQ(stat(path.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace exchange::auth::testing
