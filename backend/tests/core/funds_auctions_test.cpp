// Redemption, categories and groups, and auctions (rules.md 7.3, 8, 11).

#include <gtest/gtest.h>

#include "core/exchange.h"
#include "exchange_fixture.h"

namespace exchange {
namespace {

using namespace exchange::testing;

class FundsAuctionsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    load_reference_fixture(exchange);
    NewMarket request;
    request.name = "fund";
    request.constituents = {{1, -1}, {2, 2}};  // −1 × m1 [10, 20] + 2 × m2 [0, 10]
    request.redeem_fee = dec(2);
    fund = exchange.create_market(as_user(1), request, kNow)->id;
  }
  std::string_view redeem_error(AccountId who, MarketId market, double amount) {
    auto done = exchange.redeem(as_user(who), market, dec(amount), kNow);
    return done.ok() ? "ok" : message(done.error());
  }
  Quantity position(AccountId who, MarketId market) {
    return exchange.account(who)->exposures.at(market).position;
  }

  Exchange exchange;
  MarketId fund = 0;
};

TEST_F(FundsAuctionsTest, RedeemReferenceExample) {  // rules.md 8
  EXPECT_EQ(redeem_error(1, 2, 1), "Fund not found");
  EXPECT_EQ(redeem_error(1, 99, 1), "Fund not found");
  EXPECT_EQ(redeem_error(1, fund, 0), "Invalid amount");
  EXPECT_EQ(redeem_error(1, fund, 0.001), "Invalid amount");
  EXPECT_EQ(redeem_error(1, fund, 1000), "Insufficient funds");
  EXPECT_EQ(redeem_error(1, fund, 1), "ok");
  EXPECT_EQ(exchange.account(1)->balance, money(98));
  EXPECT_EQ(position(1, 1), qty(-1));
  EXPECT_EQ(position(1, 2), qty(2));
  EXPECT_EQ(position(1, fund), qty(-1));
  EXPECT_EQ(exchange.account(1)->available_balance(), money(68));  // no netting
  EXPECT_EQ(redeem_error(1, fund, -1), "ok");
  EXPECT_EQ(exchange.account(1)->balance, money(96));
  EXPECT_EQ(position(1, fund), Quantity{});
  EXPECT_EQ(exchange.account(1)->available_balance(), money(96));
  ASSERT_TRUE(exchange.settle_market(as_user(1), 2, dec(5), kNow).ok());
  EXPECT_EQ(redeem_error(1, fund, 1), "Market already settled");
}

TEST_F(FundsAuctionsTest, RedeemFeeCheckAllowsEquality) {
  // Account 3 has 100 and a fee of 2: after redeeming 3 units the worst case is −60 − 30 = −90
  // on top of the fee... pick the amount that leaves exactly the fee available.
  // Worst cases per unit redeemed: m1 −1 → −20, m2 +2 → 0, fund −1 → −10: 30 per unit.
  EXPECT_EQ(redeem_error(3, fund, 3.27), "Insufficient funds");  // 100 − 98.1 = 1.9 < 2
  EXPECT_EQ(redeem_error(3, fund, 3.26), "ok");                  // 100 − 97.8 = 2.2 ≥ 2
}

TEST_F(FundsAuctionsTest, CategoriesAndGroups) {
  EXPECT_EQ(message(exchange.create_market_type("Fun", "", true).error()),
            "Category name already exists");
  auto quiz = exchange.create_market_type("Quiz", "weekly quiz", false);
  ASSERT_TRUE(quiz.ok());
  EXPECT_EQ(quiz->id, 3);
  EXPECT_EQ(message(exchange.create_market_group("w1", "", 9).error()), "Category not found");
  auto week = exchange.create_market_group("w1", "week one", quiz->id);
  ASSERT_TRUE(week.ok());
  EXPECT_EQ(message(exchange.create_market_group("w1", "", quiz->id).error()),
            "Market group name already exists");
  EXPECT_EQ(message(exchange.delete_market_type(42).error()), "Category not found");
  // Deleting "Fun" moves its markets to the lowest remaining category.
  auto deleted = exchange.delete_market_type(1);
  ASSERT_TRUE(deleted.ok());
  EXPECT_EQ(deleted->moved_markets, (std::vector<MarketId>{1, 2, fund}));
  EXPECT_TRUE(deleted->moved_groups.empty());
  EXPECT_EQ(exchange.market(1)->type_id, 2);
  // additions.md 8.5: a category with a group can go too; the group moves with the markets.
  auto with_group = exchange.delete_market_type(quiz->id);
  ASSERT_TRUE(with_group.ok());
  EXPECT_EQ(with_group->moved_groups, (std::vector<MarketGroupId>{week->id}));
  EXPECT_EQ(exchange.market_group(week->id)->type_id, 2);
  EXPECT_EQ(message(exchange.delete_market_type(2).error()), "Cannot delete the last category");
}

// Selling auctions: core/auction_settlement_test.cpp.

TEST_F(FundsAuctionsTest, AuctionEditsAndDeletes) {  // Appendix B.15
  auto item = exchange.create_auction(as_user(1), "chair", "", "", std::nullopt, kNow);
  Exchange::AuctionEdit rename;
  rename.name = "stool";
  EXPECT_EQ(message(exchange.edit_auction(as_user(2), item->id, rename).error()), "Sudo required");
  auto edited = exchange.edit_auction(as_sudo_admin(2), item->id, rename);
  ASSERT_TRUE(edited.ok());
  EXPECT_EQ(edited->name, "stool");
  Exchange::AuctionEdit price;
  price.bin_price = dec(12.5);
  EXPECT_EQ(exchange.edit_auction(as_user(1), item->id, price)->bin_price, money(12.5));
  EXPECT_EQ(message(exchange.delete_auction(as_user(2), item->id).error()), "Sudo required");
  EXPECT_EQ(message(exchange.delete_auction(as_user(1), 77).error()), "Auction not found");
  EXPECT_TRUE(exchange.delete_auction(as_user(1), item->id).ok());
  EXPECT_EQ(exchange.auction(item->id), nullptr);
}

}  // namespace
}  // namespace exchange
