// Restricted markets (rules.md 7.5 and its deviations): every operation given the id of a
// market the requester may not see answers as if it did not exist.

#include <gtest/gtest.h>

#include "core/exchange.h"
#include "exchange_fixture.h"

namespace exchange {
namespace {

using namespace exchange::testing;

class VisibilityTest : public ::testing::Test {
 protected:
  // Market 3 "secret" [0, 10], created by a (1) and listed for c (3) only; fund 4 over it
  // (created by a sudo admin), listed for c too.
  void SetUp() override {
    load_reference_fixture(exchange);
    NewMarket secret;
    secret.name = "secret";
    secret.min_settlement = dec(0);
    secret.max_settlement = dec(10);
    secret.visible_to = {3};
    ASSERT_EQ(exchange.create_market(as_user(1), secret, kNow)->id, 3);
    NewMarket fund;
    fund.name = "fund";
    fund.constituents = {{3, 1}};
    fund.visible_to = {3};
    ASSERT_EQ(exchange.create_market(as_sudo_admin(6), fund, kNow)->id, 4);
  }

  Exchange exchange;
};

TEST_F(VisibilityTest, TheListedTheOwnerAndSudoAdminsSeeARestrictedMarket) {
  const Market& secret = *exchange.market(3);
  EXPECT_TRUE(as_user(3).sees(secret));        // listed
  EXPECT_TRUE(as_user(1).sees(secret));        // its creator, although not listed
  EXPECT_TRUE(as_sudo_admin(2).sees(secret));  // sudo admin
  EXPECT_FALSE(as_user(2).sees(secret));
  const std::vector<AccountId> owns_listed{2, 3};  // an O holding a listed account
  EXPECT_TRUE((Requester{2, 2, 2, false, owns_listed}).sees(secret));
  EXPECT_TRUE(as_user(2).sees(*exchange.market(1)));  // public
  EXPECT_EQ(exchange.visible_market(as_user(2), 3), nullptr);
  EXPECT_EQ(exchange.visible_market(as_user(3), 3), &secret);
}

TEST_F(VisibilityTest, AnUnseenMarketIsRefusedExactlyLikeAMissingOne) {
  const Requester outsider = as_user(2);
  EXPECT_EQ(message(exchange.place_order(outsider, bid(3, 1, 5), kNow).error()),
            "Market not found");
  EXPECT_EQ(message(exchange.out(outsider, 3, std::nullopt, kNow).error()), "Market not found");
  EXPECT_EQ(message(exchange.settle_market(outsider, 3, dec(5), kNow).error()), "Market not found");
  MarketEdit edit;
  edit.market = 3;
  EXPECT_EQ(message(exchange.edit_market(outsider, edit, kNow).error()), "Market not found");
  EXPECT_EQ(message(exchange.redeem(outsider, 4, dec(1), kNow).error()), "Fund not found");
  NewMarket fund;
  fund.name = "copy";
  fund.constituents = {{3, 1}};
  EXPECT_EQ(message(exchange.create_market(outsider, fund, kNow).error()), "Constituent not found");

  auto placed = exchange.place_order(as_user(3), bid(3, 1, 5), kNow);
  ASSERT_TRUE(placed.ok());
  // Its orders are as missing as the market, before their owner is checked.
  EXPECT_EQ(message(exchange.cancel_order(outsider, placed->resting->id, kNow).error()),
            "Order not found");
  EXPECT_EQ(message(exchange.cancel_order(as_user(1), placed->resting->id, kNow).error()),
            "Not order owner");
  EXPECT_TRUE(exchange.cancel_order(as_user(3), placed->resting->id, kNow).ok());
}

}  // namespace
}  // namespace exchange
