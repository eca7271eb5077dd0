// Option markets in core: the worked examples E1 to E8 of options.md section 14, with the
// decisions of issue 16.

#include <gtest/gtest.h>

#include "options_fixture.h"

namespace exchange {
namespace {

using namespace exchange::testing;

// E1: a call bought and exercised physically.
TEST_F(OptionsTest, E1CallBoughtAndExercisedPhysically) {
  const MarketId c = c50();
  ASSERT_TRUE(exchange.place_order(as_user(kBob), offer(c, 2, 12), kNow).ok());
  EXPECT_EQ(avail(kBob), money(924));
  auto placed = exchange.place_order(as_user(kAlice), bid(c, 2, 12), kNow);
  ASSERT_TRUE(placed.ok());
  ASSERT_EQ(placed->contracts.size(), 1u);
  const ContractId one = placed->contracts[0];
  EXPECT_EQ(*exchange.option_contract(one),
            (OptionContract{one, c, kAlice, kBob, qty(2), placed->trades[0].id}));
  EXPECT_EQ(cash(kAlice), money(976));
  EXPECT_EQ(avail(kAlice), money(976));
  EXPECT_EQ(cash(kBob), money(1024));
  EXPECT_EQ(avail(kBob), money(924));

  auto done = exchange.exercise_option(as_user(kAlice), c, one, dec(1), kNow);
  ASSERT_TRUE(done.ok());
  EXPECT_EQ(done->exerciser, kAlice);
  EXPECT_EQ(done->writer, kBob);
  EXPECT_FALSE(done->cash);
  EXPECT_EQ(done->price, px(50));
  EXPECT_EQ(done->underlying, kU);
  EXPECT_EQ(cash(kAlice), money(926));
  EXPECT_EQ(avail(kAlice), money(926));
  EXPECT_EQ(cash(kBob), money(1074));
  EXPECT_EQ(avail(kBob), money(924));
  EXPECT_EQ(position(kAlice, kU), qty(1));
  EXPECT_EQ(position(kAlice, c), qty(1));
  EXPECT_EQ(position(kBob, kU), qty(-1));
  EXPECT_EQ(position(kBob, c), qty(-1));
  EXPECT_EQ(remaining(one), qty(1));
  ASSERT_EQ(exchange.option_exercises(kBob, 0).size(), 1u);
  EXPECT_EQ(*exchange.option_exercises(kBob, c)[0], *done);
}

// E2, changed by issue 16: U settling at 80 settles C50 at 30 in the same transaction, so the
// remaining unit is paid as the spec's cash exercise would have paid it; the end balances are
// the spec's (Alice 1036, Bob 964).
TEST_F(OptionsTest, E2UnderlyingSettlementSettlesTheOption) {
  const MarketId c = c50();
  const ContractId one = trade(c, kBob, kAlice, 2, 12);
  ASSERT_EQ(exercise_error(kAlice, c, one, 1), "ok");
  auto settled = exchange.settle_market(as_sudo_admin(kAdmin), kU, dec(80), kNow);
  ASSERT_TRUE(settled.ok());
  ASSERT_EQ(settled->options_settled.size(), 1u);
  const MarketSettled& option = settled->options_settled[0];
  EXPECT_EQ(option.market, c);
  EXPECT_EQ(option.price, px(30));
  EXPECT_EQ(option.transaction, settled->transaction);
  EXPECT_EQ(option.settled_accounts, (std::vector<AccountId>{kAlice, kBob}));
  EXPECT_EQ(option.closed_contracts, std::vector<ContractId>{one});
  EXPECT_EQ(exchange.market(c)->settlement->price, px(30));
  EXPECT_EQ(cash(kAlice), money(1036));
  EXPECT_EQ(cash(kBob), money(964));
  EXPECT_EQ(avail(kBob), money(964));  // the writer's reserve is released
  EXPECT_TRUE(exchange.account(kBob)->exposures.empty());
  EXPECT_EQ(remaining(one), Quantity{});
  EXPECT_TRUE(exchange.option_contracts(c, kAlice).empty());
  EXPECT_EQ(exercise_error(kAlice, c, one, 1), "Invalid amount");  // closed
  EXPECT_EQ(message(exchange.settle_market(as_sudo_admin(kAdmin), c, dec(30), kNow).error()),
            "Market already settled");
}

// E3, changed by issue 16: the put expires out of the money; when U settles at 60 the option
// market settles at 0 by itself and Carol's reserve is released without Dave doing anything.
TEST_F(OptionsTest, E3PutExpiresAndSettlesAtZero) {
  const MarketId p = p40();
  const ContractId two = trade(p, kCarol, kDave, 3, 5);
  EXPECT_EQ(cash(kCarol), money(1015));
  EXPECT_EQ(avail(kCarol), money(895));
  EXPECT_EQ(cash(kDave), money(985));
  const Timestamp after{kExpiry.micros + 1'000'000};
  EXPECT_EQ(exercise_error(kDave, p, two, 1, after), "Option has expired");
  EXPECT_EQ(cash(kDave), money(985));
  EXPECT_EQ(message(exchange.settle_market(as_sudo_admin(kAdmin), p, dec(0), kNow).error()),
            "Option markets cannot be settled; use exercise instead");
  settle_u(60);
  EXPECT_EQ(exchange.market(p)->settlement->price, Price{});
  EXPECT_EQ(avail(kCarol), money(1015));
  EXPECT_EQ(cash(kCarol), money(1015));
  EXPECT_EQ(cash(kDave), money(985));
  EXPECT_EQ(remaining(two), Quantity{});
}

// E4: a put exercised physically before E (within the expiration second too).
TEST_F(OptionsTest, E4PutExercisedPhysically) {
  const MarketId p = p40();
  const ContractId two = trade(p, kCarol, kDave, 3, 5);
  const Timestamp last_second{kExpiry.micros + 999'999};
  ASSERT_EQ(exercise_error(kDave, p, two, 3, last_second), "ok");
  EXPECT_EQ(cash(kDave), money(1105));
  EXPECT_EQ(position(kDave, kU), qty(-3));
  EXPECT_EQ(avail(kDave), money(805));
  EXPECT_EQ(cash(kCarol), money(895));
  EXPECT_EQ(position(kCarol, kU), qty(3));
  EXPECT_EQ(avail(kCarol), money(895));
}

TEST_F(OptionsTest, E4VariantHolderCannotAffordTheShortUnderlying) {
  set_cash(kDave, 185);  // 170 after buying 3 @ 5
  const MarketId p = p40();
  const ContractId two = trade(p, kCarol, kDave, 3, 5);
  EXPECT_EQ(cash(kDave), money(170));
  EXPECT_EQ(exercise_error(kDave, p, two, 3), "Insufficient funds");  // 290 − 300 = −10
  EXPECT_EQ(cash(kDave), money(170));
  EXPECT_EQ(remaining(two), qty(3));
  EXPECT_EQ(position(kDave, kU), Quantity{});
  EXPECT_TRUE(exchange.option_exercises(kDave, 0).empty());
}

// E5, changed by issue 16: the holder cannot pay the strike; U's settlement then pays her the
// intrinsic value automatically (the spec's cash exercise).
TEST_F(OptionsTest, E5HolderCannotAffordTheStrike) {
  set_cash(kAlice, 54);
  const MarketId c = c50();
  const ContractId one = trade(c, kBob, kAlice, 2, 12);
  EXPECT_EQ(cash(kAlice), money(30));
  EXPECT_EQ(exercise_error(kAlice, c, one, 1), "Insufficient funds");  // 30 − 50 = −20
  settle_u(80);
  EXPECT_EQ(cash(kAlice), money(90));  // 30 + 2 · 30
}

// E6: resale leaves offsetting contracts; both can be exercised.
TEST_F(OptionsTest, E6ResaleKeepsOffsettingContracts) {
  const MarketId c = c50();
  const ContractId three = trade(c, kBob, kAlice, 1, 12);
  const ContractId four = trade(c, kAlice, kEve, 1, 15);
  EXPECT_EQ(position(kAlice, c), Quantity{});
  const auto listed = exchange.option_contracts(c, kAlice);
  ASSERT_EQ(listed.size(), 2u);
  EXPECT_EQ(listed[0]->id, three);
  EXPECT_EQ(listed[1]->id, four);
  const Money alice_before = cash(kAlice), bob_before = cash(kBob);
  ASSERT_EQ(exercise_error(kEve, c, four, 1), "ok");
  EXPECT_EQ(position(kEve, kU), qty(1));
  EXPECT_EQ(position(kAlice, kU), qty(-1));
  EXPECT_EQ(position(kAlice, c), qty(1));
  EXPECT_EQ(cash(kAlice), alice_before + money(50));
  ASSERT_EQ(exercise_error(kAlice, c, three, 1), "ok");
  EXPECT_EQ(position(kAlice, kU), Quantity{});
  EXPECT_EQ(position(kAlice, c), Quantity{});
  EXPECT_EQ(cash(kAlice), alice_before);
  EXPECT_EQ(position(kBob, c), Quantity{});
  EXPECT_EQ(position(kBob, kU), qty(-1));
  EXPECT_EQ(cash(kBob), bob_before + money(50));
  EXPECT_TRUE(exchange.option_contracts(c, kAlice).empty());
}

// E7: no netting between a short call and the underlying it covers.
TEST_F(OptionsTest, E7CoveredCallIsNotNetted) {
  const MarketId c = c50();
  ASSERT_TRUE(exchange.place_order(as_user(kCarol), offer(kU, 1, 60), kNow).ok());
  ASSERT_TRUE(exchange.place_order(as_user(kBob), bid(kU, 1, 60), kNow).ok());
  EXPECT_EQ(cash(kBob), money(940));
  trade(c, kBob, kAlice, 1, 12);
  EXPECT_EQ(cash(kBob), money(952));
  EXPECT_EQ(avail(kBob), money(902));
}

// E8: the writer's finances block the holder (issue 16 keeps this check).
TEST_F(OptionsTest, E8WriterBlocksTheHolder) {
  set_cash(kBob, 38);
  const MarketId c = c50();
  const ContractId one = trade(c, kBob, kAlice, 1, 12);
  trade(c, kCarol, kBob, 2, 10);
  EXPECT_EQ(cash(kBob), money(30));
  EXPECT_EQ(position(kBob, c), qty(1));
  EXPECT_EQ(avail(kBob), money(30));
  EXPECT_EQ(exercise_error(kAlice, c, one, 1), "Insufficient funds");
  EXPECT_EQ(cash(kAlice), money(988));
}

}  // namespace
}  // namespace exchange
