// A person's account (cohorts.md 3.5, 3.6): suffixed names, placeholders for pre-registered
// e-mails and their claiming, renames that keep names unique by name key.

#include <gtest/gtest.h>

#include "core/exchange.h"
#include "exchange_fixture.h"

namespace exchange {
namespace {

using namespace exchange::testing;

class PersonAccountsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    load_reference_fixture(exchange);
    // Case-insensitive like the real name key, so "A" and "a" collide.
    exchange.set_name_key([](std::string_view name) {
      std::string key(name);
      for (char& c : key) c = char(std::tolower(static_cast<unsigned char>(c)));
      return key;
    });
  }
  Exchange exchange;
};

TEST_F(PersonAccountsTest, FirstFreeNameSuffixesAndIgnoresTheOwnAccount) {
  EXPECT_EQ(exchange.first_free_name("zed"), "zed");
  EXPECT_EQ(exchange.first_free_name("A"), "A-2");  // "a" exists
  EXPECT_EQ(exchange.first_free_name("A", 1), "A");  // ... but it is account 1's own name
  ASSERT_TRUE(exchange.create_user("s-a2", "a", money(0)).ok());  // takes "a-2"
  EXPECT_EQ(exchange.first_free_name("a"), "a-3");
  for (int n = 3; n <= 999; ++n) {
    ASSERT_TRUE(exchange.create_user("s" + std::to_string(n), "a", money(0)).ok());
  }
  EXPECT_EQ(exchange.first_free_name("a"), std::nullopt);
  EXPECT_EQ(message(exchange.create_user("late", "a", money(0)).error()),
            "Could not find an available numeric suffix for this name");
}

TEST_F(PersonAccountsTest, PlaceholderIsAUserUntilItsFirstLoginClaimsIt) {
  auto created = exchange.create_placeholder("ann@uni.edu", "ann", money(250));
  ASSERT_TRUE(created.ok());
  EXPECT_TRUE(created->is_user());
  EXPECT_FALSE(created->identity.has_value());
  EXPECT_EQ(exchange.account_by_pending_email("ann@uni.edu"), created->id);
  EXPECT_EQ(exchange.account_by_identity("ann-subject"), std::nullopt);

  exchange.claim_account(created->id, "ann-subject");
  const Account* claimed = exchange.account(created->id);
  EXPECT_EQ(claimed->identity, "ann-subject");
  EXPECT_EQ(claimed->pending_email, std::nullopt);
  EXPECT_EQ(claimed->name, "ann");
  EXPECT_EQ(claimed->balance, money(250));
  EXPECT_EQ(exchange.account_by_identity("ann-subject"), created->id);
  EXPECT_EQ(exchange.account_by_pending_email("ann@uni.edu"), std::nullopt);
}

TEST_F(PersonAccountsTest, PlaceholderNamesAreSuffixedLikeUsers) {
  auto created = exchange.create_placeholder("b@x.org", "b", money(0));
  ASSERT_TRUE(created.ok());
  EXPECT_EQ(created->name, "b-2");
}

TEST_F(PersonAccountsTest, ClaimingTheSeededAccountReplacesItsIdentity) {
  const AccountId pixie = *exchange.account_by_identity("fake_id");
  exchange.claim_account(pixie, "m2m-client");
  EXPECT_EQ(exchange.account_by_identity("fake_id"), std::nullopt);
  EXPECT_EQ(exchange.account_by_identity("m2m-client"), pixie);
  EXPECT_EQ(exchange.account(pixie)->name, "Arbor Pixie");
}

TEST_F(PersonAccountsTest, RenameKeepsNamesUniqueByKey) {
  EXPECT_EQ(message(exchange.rename_account(1, "B").error()), "Account name already exists");
  EXPECT_EQ(exchange.account(1)->name, "a");
  ASSERT_TRUE(exchange.rename_account(1, "A").ok());  // its own name, another spelling
  EXPECT_EQ(exchange.account(1)->name, "A");
  ASSERT_TRUE(exchange.rename_account(1, "alpha").ok());
  EXPECT_EQ(exchange.account(1)->name, "alpha");
  EXPECT_FALSE(exchange.account_name_taken("a"));  // the old name is free again
  EXPECT_TRUE(exchange.account_name_taken("ALPHA"));
  EXPECT_TRUE(exchange.create_user("new", "a", money(0)).ok());
  EXPECT_EQ(exchange.account(*exchange.account_by_identity("new"))->name, "a");
  EXPECT_EQ(message(exchange.rename_account(999, "x").error()), "Account not found");
}

}  // namespace
}  // namespace exchange
