// Alt accounts, sharing, revocation, credits and transfers (rules.md 9-10, Appendix B.9-B.13).

#include <gtest/gtest.h>

#include "core/exchange.h"
#include "exchange_fixture.h"

namespace exchange {
namespace {

using namespace exchange::testing;

class OwnershipTest : public ::testing::Test {
 protected:
  void SetUp() override { load_reference_fixture(exchange); }

  std::string_view transfer(AccountId user, AccountId from, AccountId to, double amount) {
    exchange.rebalance_credits(from);
    exchange.rebalance_credits(to);
    auto made = exchange.make_transfer(as_user(user), from, to, dec(amount), "", kNow);
    return made.ok() ? "ok" : message(made.error());
  }
  std::string_view revoke(AccountId account, AccountId owner) {
    exchange.rebalance_credits(account);
    auto revoked = exchange.revoke_ownership(account, owner, kNow);
    return revoked.ok() ? "ok" : message(revoked.error());
  }
  std::string_view share(AccountId user, AccountId account, AccountId with) {
    auto shared = exchange.share_ownership(as_user(user), account, with);
    return shared.ok() ? "ok" : message(shared.error());
  }
  Money credit_of(AccountId account, AccountId owner) {
    for (const OwnerCredit& c : exchange.account(account)->owners) {
      if (c.owner == owner) return c.credit;
    }
    ADD_FAILURE() << "no such owner";
    return {};
  }

  Exchange exchange;
};

TEST_F(OwnershipTest, OwnedSetsAreTwoLevelsDeep) {  // B.11
  EXPECT_EQ(exchange.owned_set(1), (std::vector<AccountId>{1, 4, 5}));
  EXPECT_EQ(exchange.owned_set(2), (std::vector<AccountId>{2, 4, 5}));
  EXPECT_EQ(exchange.owned_set(3), (std::vector<AccountId>{3}));
}

TEST_F(OwnershipTest, CreateAccount) {  // B.10 and rules.md 9.5
  EXPECT_EQ(message(exchange.create_account(as_user(1), 1, "").error()),
            "Account name cannot be empty");
  EXPECT_EQ(message(exchange.create_account(as_user(1), 1, "   ").error()),
            "Account name cannot be empty");
  EXPECT_EQ(message(exchange.create_account(as_user(1), 3, "x").error()), "Invalid owner");
  EXPECT_EQ(message(exchange.create_account(as_user(1), 5, "x").error()), "Invalid owner");
  EXPECT_EQ(message(exchange.create_account(as_user(1), 1, "b").error()),
            "Account name already exists");
  auto bot = exchange.create_account(as_user(1), 1, " test_bot ");
  ASSERT_TRUE(bot.ok());
  EXPECT_EQ(bot->name, " test_bot ");  // stored untrimmed
  EXPECT_FALSE(bot->is_user());
  EXPECT_EQ(bot->balance, Money{});
  EXPECT_EQ(bot->owners, (std::vector<OwnerCredit>{{1, Money{}}}));
  auto second_level = exchange.create_account(as_user(1), 4, "grandchild");
  ASSERT_TRUE(second_level.ok());
  EXPECT_EQ(exchange.owned_set(1), (std::vector<AccountId>{1, 4, 5, bot->id, second_level->id}));
}

TEST_F(OwnershipTest, Sharing) {  // B.12
  EXPECT_EQ(share(1, 4, 3), "ok");
  EXPECT_EQ(exchange.owned_set(3), (std::vector<AccountId>{3, 4, 5}));
  EXPECT_EQ(share(1, 4, 2), "Already owner");
  EXPECT_EQ(share(1, 5, 3), "Not owner");
  EXPECT_EQ(share(4, 5, 3), "Owner not a user");
  EXPECT_EQ(share(1, 4, 4), "Recipient not a user");
  EXPECT_EQ(share(1, 4, 99), "Recipient not a user");
}

TEST_F(OwnershipTest, RevocationNeedsZeroCredit) {  // B.13
  ASSERT_EQ(share(1, 4, 3), "ok");
  EXPECT_EQ(revoke(4, 3), "ok");
  EXPECT_EQ(exchange.owned_set(3), (std::vector<AccountId>{3}));
  EXPECT_EQ(revoke(4, 3), "Account already not shared");
  EXPECT_EQ(revoke(5, 4), "Recipient not a user");
  ASSERT_EQ(share(1, 4, 3), "ok");
  EXPECT_EQ(transfer(3, 3, 4, 10), "ok");  // a deposit
  EXPECT_EQ(credit_of(4, 3), money(10));
  EXPECT_EQ(exchange.account(4)->balance, money(110));
  EXPECT_EQ(revoke(4, 3), "Ownership can only be revoked after removing all credits");
  EXPECT_EQ(credit_of(4, 3), money(110));  // rescaled to what the account is worth
  EXPECT_EQ(credit_of(4, 1), Money{});     // zero credits stay zero
  EXPECT_EQ(transfer(3, 4, 3, 110), "ok");  // a withdrawal by the owner it pays
  EXPECT_EQ(credit_of(4, 3), Money{});
  EXPECT_EQ(revoke(4, 3), "ok");
}

TEST_F(OwnershipTest, UserToUserTransfers) {  // B.9
  EXPECT_EQ(transfer(1, 1, 2, 1000), "Insufficient funds");
  EXPECT_EQ(transfer(1, 1, 2, -10), "Invalid amount");
  EXPECT_EQ(transfer(1, 1, 1, 10), "Cannot pay yourself");
  EXPECT_EQ(transfer(1, 1, 2, 10.00001), "Invalid amount");
  EXPECT_EQ(transfer(1, 1, 2, 10), "ok");
  EXPECT_EQ(exchange.account(1)->balance, money(90));
  EXPECT_EQ(exchange.account(2)->balance, money(110));
  EXPECT_EQ(exchange.account(2)->available_balance(), money(110));
  EXPECT_EQ(transfer(1, 1, 99, 1), "Account not found");
  EXPECT_EQ(transfer(1, 99, 1, 1), "Account not found");
}

TEST_F(OwnershipTest, WhoMayMoveMoneyWhere) {  // rules.md 10.1
  EXPECT_EQ(transfer(1, 4, 3, 1), "Account not owned");  // an alt paying a third party
  EXPECT_EQ(transfer(1, 1, 5, 1), "Account not owned");  // skipping the intermediate alt
  EXPECT_EQ(transfer(2, 1, 4, 1), "Account not owned");  // 2 may not deposit 1's money
  EXPECT_EQ(transfer(4, 4, 5, 1), "Initiator not user");
  EXPECT_EQ(transfer(1, 4, 5, 1), "ok");  // a deposit by the owner's owner
  EXPECT_EQ(credit_of(5, 4), money(1));
  EXPECT_EQ(transfer(1, 5, 4, 1), "ok");  // a withdrawal on behalf of owner 4

  // Account 4 is shared by 1 and 2. After 1 deposits, rebalancing attributes all of its
  // worth to 1, whose credit is the only non-zero one: cash 110 plus its credit of 100 in 5.
  EXPECT_EQ(transfer(1, 1, 4, 10), "ok");
  exchange.rebalance_credits(4);
  EXPECT_EQ(credit_of(4, 1), money(210));
  EXPECT_EQ(credit_of(4, 2), Money{});
  EXPECT_EQ(transfer(2, 4, 2, 1), "Insufficient credit");
  EXPECT_EQ(transfer(1, 4, 1, 5), "ok");
  EXPECT_EQ(credit_of(4, 1), money(205));
  // A co-owner cannot send a shared account's money to another co-owner.
  EXPECT_EQ(transfer(2, 4, 1, 5), "Account not owned");
}

TEST_F(OwnershipTest, SharedAccountsRefuseCreditMovesWhileHoldingPositions) {
  ASSERT_TRUE(exchange.place_order(as_user(4), offer(1, 1, 15), kNow).ok());
  ASSERT_TRUE(exchange.place_order(as_user(3), bid(1, 1, 15), kNow).ok());  // 4 is now short 1
  EXPECT_EQ(transfer(1, 1, 4, 5), "Shared ownership account has open positions");
  // A position of an account it owns directly counts too.
  ASSERT_TRUE(exchange.place_order(as_user(4), bid(1, 1, 15), kNow).ok());
  ASSERT_TRUE(exchange.place_order(as_user(3), offer(1, 1, 15), kNow).ok());  // 4 flat again
  EXPECT_EQ(transfer(1, 1, 4, 5), "ok");
  ASSERT_TRUE(exchange.place_order(as_user(5), offer(2, 1, 5), kNow).ok());
  ASSERT_TRUE(exchange.place_order(as_user(3), bid(2, 1, 5), kNow).ok());  // 5 is short 1
  EXPECT_EQ(transfer(1, 1, 4, 5), "Shared ownership account has open positions");
}

TEST_F(OwnershipTest, RebalancingSharesProfitsAndOneOwnerGetsTheRounding) {
  // Three owners with equal credits in an account worth 10: shares of 3.33333… each.
  Account shared;
  shared.id = 20;
  shared.name = "club";
  shared.balance = money(10);
  shared.owners = {{1, money(1)}, {2, money(1)}, {3, money(1)}};
  exchange.restore_account(shared);
  ASSERT_TRUE(exchange.rebalance_credits(20));
  Money total;
  int got_extra = 0;
  for (const OwnerCredit& c : exchange.account(20)->owners) {
    total += c.credit;
    EXPECT_TRUE(c.credit == money(3.3333) || c.credit == money(3.3334)) << to_string(c.credit);
    if (c.credit == money(3.3334)) ++got_extra;
  }
  EXPECT_EQ(total, money(10));
  EXPECT_EQ(got_extra, 1);
  EXPECT_FALSE(exchange.rebalance_credits(20));  // already adds up: nothing to do
}

TEST_F(OwnershipTest, RebalancingSkipsAccountsWithPositions) {
  ASSERT_EQ(transfer(1, 1, 4, 10), "ok");
  ASSERT_TRUE(exchange.place_order(as_user(4), offer(1, 1, 15), kNow).ok());
  ASSERT_TRUE(exchange.place_order(as_user(3), bid(1, 1, 15), kNow).ok());
  EXPECT_FALSE(exchange.rebalance_credits(4));
  EXPECT_EQ(credit_of(4, 1), money(10));
}

}  // namespace
}  // namespace exchange
