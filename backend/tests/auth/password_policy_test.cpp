// New passwords per NIST SP 800-63B (issue 13, item 12), and the argon2id cost of their hashes.

#include "auth/password_policy.h"

#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <thread>
#include <vector>

#include "auth/password_hash.h"

namespace exchange::auth {
namespace {

constexpr const char* kTooCommon = "Password is too common; choose a longer phrase";
constexpr const char* kPattern =
    "Password must not be a repeated or sequential pattern; choose a longer phrase";

TEST(PasswordPolicy, AcceptsPassphrases) {
  EXPECT_EQ(check_new_password("correct horse", "alice"), "");
  EXPECT_EQ(check_new_password("hunter2hunter2", "bob"), "");
  EXPECT_EQ(check_new_password("Tr4d1ng-Desk-9", "carol"), "");
  EXPECT_EQ(check_new_password("\xC3\xA9t\xC3\xA9 \xC3\xA0 Paris", "dave"), "");  // été à Paris
}

TEST(PasswordPolicy, LengthAndEncoding) {
  EXPECT_EQ(check_new_password("1234567", "alice"), "Password must be at least 8 characters");
  EXPECT_EQ(check_new_password("\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9", "alice"),
            "Password must be at least 8 characters");  // 8 bytes, 4 characters
  EXPECT_EQ(check_new_password(std::string(1025, 'x') + "y", "alice"),
            "Password must be at most 1024 bytes");
  EXPECT_EQ(check_new_password("abcdefg\xC3", "alice"), "Password must be valid UTF-8");
}

TEST(PasswordPolicy, RefusesOnlySpaces) {
  EXPECT_EQ(check_new_password("        ", "alice"), "Password must not be only spaces");
  EXPECT_EQ(check_new_password(" \t  \xE3\x80\x80    ", "alice"),
            "Password must not be only spaces");
}

TEST(PasswordPolicy, RefusesTheUsersName) {
  const std::string name_error = "Password must not be your name";
  EXPECT_EQ(check_new_password("alexander", "alexander"), name_error);
  EXPECT_EQ(check_new_password("ALEXANDER", "Alexander"), name_error);
  EXPECT_EQ(check_new_password("rednaxela", "Alexander"), name_error);  // reversed
  EXPECT_EQ(check_new_password("alexander1", "alexander"), name_error);
  EXPECT_EQ(check_new_password("Ada Lovelace", "Ada Lovelace"), name_error);
}

TEST(PasswordPolicy, RefusesCommonPasswords) {
  for (const char* common :
       {"password", "PASSWORD", "Password1", "12345678", "iloveyou", "qwerty123", "password123",
        "sunshine", "football1", "p@ssw0rd", "trustno1", "letmein123", "bootcamp", "monkey123!"}) {
    EXPECT_EQ(check_new_password(common, "alice"), kTooCommon) << common;
  }
  EXPECT_TRUE(is_common_password("Password"));
  EXPECT_FALSE(is_common_password("correct horse"));
}

TEST(PasswordPolicy, UsesTheCracklibWordListWhenInstalled) {
  if (!std::filesystem::exists(kCrackWordList)) GTEST_SKIP() << "cracklib-runtime not installed";
  // Dictionary words that are not on the built-in list.
  EXPECT_EQ(check_new_password("elephants", "alice"), kTooCommon);
  EXPECT_EQ(check_new_password("Chocolate", "alice"), kTooCommon);
  EXPECT_EQ(check_new_password("chocolate2024", "alice"), kTooCommon);
}

TEST(PasswordPolicy, RefusesRepeatsAndSequences) {
  // (87654321, qwertyui and the like are on the common list already.)
  for (const char* pattern :
       {"aaaaaaaa", "zzzzzzzzzzzz", "abababab", "abcabcabc", "abcdefgh", "hgfedcba", "23456789",
        "98765432", "wertyuio", "lkjhgfds", "2w3e4r5t6y", "xxxxxxxxxxxxxxxxxxxx"}) {
    EXPECT_EQ(check_new_password(pattern, "alice"), kPattern) << pattern;
  }
}

TEST(PasswordPolicy, IsSafeFromSeveralThreads) {
  std::vector<std::thread> threads;
  std::atomic<int> refused{0};
  for (int i = 0; i < 4; ++i) {
    threads.emplace_back([&] {
      if (!check_new_password("password", "x").empty()) ++refused;
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(refused.load(), 4);
}

TEST(PasswordHash, OwaspCostIsTheArgon2idRecommendation) {
  const std::string hash = hash_password("correct horse", PasswordCost::kOwasp);
  EXPECT_TRUE(hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$")) << hash;
  EXPECT_TRUE(verify_password(hash, "correct horse"));
  EXPECT_FALSE(verify_password(hash, "correct horse "));
}

TEST(PasswordHash, HashesOfOtherCostsStillVerify) {
  // The cost travels in the hash: users registered under another default still log in.
  const std::string interactive = hash_password("correct horse", PasswordCost::kInteractive);
  EXPECT_TRUE(interactive.starts_with("$argon2id$v=19$m=65536,t=2,p=1$")) << interactive;
  EXPECT_TRUE(verify_password(interactive, "correct horse"));
  const std::string minimum = hash_password("correct horse", PasswordCost::kMinimum);
  EXPECT_TRUE(verify_password(minimum, "correct horse"));
}

}  // namespace
}  // namespace exchange::auth
