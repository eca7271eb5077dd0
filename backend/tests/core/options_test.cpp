// Option markets in core (options.md with the decisions of issue 16): the bounds of 2.3 and the
// check orders of 2.2 and 4.2. The worked examples are in options_examples_test.cpp.

#include <gtest/gtest.h>

#include "options_fixture.h"

namespace exchange {
namespace {

using namespace exchange::testing;

// options.md 2.3.
TEST_F(OptionsTest, BoundsTable) {
  struct Row {
    bool is_call;
    double strike;
    double min, max;  // both 0: refused
    std::string_view error;
  };
  const Row rows[] = {{true, 50, 0, 50, "ok"},
                      {true, -10, 10, 110, "ok"},
                      {true, 100, 0, 0, "Invalid settlement prices"},
                      {false, 40, 0, 40, "ok"},
                      {false, 150, 50, 150, "ok"},
                      {false, 0, 0, 0, "Invalid settlement prices"},
                      {true, 12.345, 0, 0, "Invalid strike price"}};
  int n = 0;
  for (const Row& row : rows) {
    auto created = create(option_request("o" + std::to_string(n++), kU, row.strike, row.is_call));
    EXPECT_EQ(created.ok() ? "ok" : message(created.error()), row.error) << row.strike;
    if (!created.ok()) continue;
    EXPECT_EQ(created->min_settlement, px(row.min)) << row.strike;
    EXPECT_EQ(created->max_settlement, px(row.max)) << row.strike;
    EXPECT_EQ(created->option->strike, px(row.strike));
    EXPECT_EQ(created->option->is_call, row.is_call);
  }
  NewMarket symmetric;
  symmetric.name = "V";
  symmetric.min_settlement = dec(-50);
  symmetric.max_settlement = dec(50);
  const MarketId v = create(symmetric)->id;
  for (bool is_call : {true, false}) {
    auto created = create(option_request(is_call ? "vc" : "vp", v, 0, is_call));
    ASSERT_TRUE(created.ok());
    EXPECT_EQ(created->min_settlement, px(0));
    EXPECT_EQ(created->max_settlement, px(50));
  }
}

// options.md 2.2, first failure wins.
TEST_F(OptionsTest, CreateCheckOrder) {
  NewMarket request = option_request("o", kU, 12.345, true);
  request.constituents = {{kU, 0}};
  EXPECT_EQ(create_error(request, as_user(kAlice)), "Invalid multiplier");  // step 4
  request.constituents = {{kU, 1}};
  EXPECT_EQ(create_error(request, as_user(kAlice)), "Invalid settlement prices");  // step 5
  request.constituents.clear();
  EXPECT_EQ(create_error(request, as_user(kAlice)), "Invalid strike price");  // step 6
  request.option->strike = std::nullopt;  // NaN on the wire
  EXPECT_EQ(create_error(request, as_user(kAlice)), "Invalid strike price");
  request.option->strike = dec(2e12);
  EXPECT_EQ(create_error(request), "Invalid strike price");
  request.option->strike = dec(50);
  EXPECT_EQ(create_error(request, as_user(kAlice)), "Sudo required");  // step 7
  request.option->underlying = 77;
  EXPECT_EQ(create_error(request), "Constituent not found");  // step 8
  request.option->underlying = kU;
  request.option->expiration = int64_t{300'000'000'000};
  EXPECT_EQ(create_error(request), "Invalid expiration date");  // ours, not a 1970 expiry
  request.option->expiration = std::nullopt;
  request.redeem_fee = dec(-1.5);  // accepted and stored (quirk 3, harmless)
  request.type_id = 42;
  EXPECT_EQ(create_error(request), "Category not found");  // step 12
  request.type_id = 0;
  auto created = create(request);
  ASSERT_TRUE(created.ok());
  EXPECT_EQ(created->redeem_fee, money(-1.5));
  EXPECT_EQ(create_error(option_request("oo", created->id, 10, true)), "ok");  // option on option
  settle_u(10);
  EXPECT_EQ(create_error(option_request("late", kU, 50, true)), "Constituent already settled");
}

// options.md 4.2, first failure wins, with the fixes of issue 16 in their places.
TEST_F(OptionsTest, ExerciseCheckOrder) {
  const MarketId c = c50();
  const ContractId one = trade(c, kBob, kAlice, 2, 12);
  EXPECT_EQ(exercise_error(kAlice, c, 999, 0), "Invalid amount");        // step 2
  EXPECT_EQ(exercise_error(kAlice, c, 999, -1), "Invalid amount");
  EXPECT_EQ(exercise_error(kAlice, c, 999, 0.001), "Invalid amount");
  EXPECT_EQ(exercise_error(kAlice, c, 999, 1), "Option contract not found");  // step 3
  EXPECT_EQ(exercise_error(kCarol, kU, one, 5), "Not the buyer of this contract");  // step 4
  EXPECT_EQ(exercise_error(kAlice, kU, one, 5), "Option contract not found");  // step 5
  EXPECT_EQ(exercise_error(kAlice, c, one, 2.01), "Invalid amount");        // step 6
  const Timestamp late{kExpiry.micros};
  EXPECT_EQ(exercise_error(kAlice, c, one, 2, late), "ok");  // no expiration stored

  // Issue 16: a market the requester may not see hides its contracts.
  const MarketId p = p40();
  const ContractId two = trade(p, kCarol, kDave, 1, 5);
  MarketEdit edit;
  edit.market = p;
  edit.status = MarketStatus::kPaused;  // exercise ignores the status (options.md 4.1)
  edit.visible_to = std::vector<AccountId>{kCarol};
  ASSERT_TRUE(exchange.edit_market(as_sudo_admin(kAdmin), edit, kNow).ok());
  EXPECT_EQ(exercise_error(kDave, p, two, 1), "Option contract not found");
  edit.visible_to = std::vector<AccountId>{kCarol, kDave};
  ASSERT_TRUE(exchange.edit_market(as_sudo_admin(kAdmin), edit, kNow).ok());
  EXPECT_EQ(exercise_error(kDave, p, two, 1, Timestamp{kExpiry.micros + 1'000'000}),
            "Option has expired");  // step 9
  EXPECT_EQ(exercise_error(kDave, p, two, 1), "ok");
}

// Issue 16: exercise keeps to the acting account's universe like trading; an underlying in
// another universe (a sudo admin may pick one) cannot be delivered.
TEST_F(OptionsTest, ExerciseRefusesAnUnderlyingInAnotherUniverse) {
  exchange.restore_universe({1, "Side", "", kAdmin});
  Market elsewhere;
  elsewhere.id = 7;
  elsewhere.name = "elsewhere";
  elsewhere.owner = kAdmin;
  elsewhere.max_settlement = px(100);
  elsewhere.universe = 1;
  elsewhere.created = Transaction{1, kNow};
  exchange.restore_market(elsewhere);
  auto option = create(option_request("far call", 7, 50, true));
  ASSERT_TRUE(option.ok());
  EXPECT_EQ(option->universe, kMainUniverse);
  const ContractId one = trade(option->id, kBob, kAlice, 1, 10);
  EXPECT_EQ(exercise_error(kAlice, option->id, one, 1),
            "Cannot trade in a market from a different universe");
  EXPECT_EQ(remaining(one), qty(1));
}

// GetOptionContracts and GetOptionExercises read only the account's own, ascending.
TEST_F(OptionsTest, ListsAreTheAccountsOwnInAscendingOrder) {
  const MarketId c = c50();
  const ContractId first = trade(c, kBob, kAlice, 1, 10);
  const ContractId other = trade(c, kCarol, kDave, 1, 10);
  const ContractId second = trade(c, kAlice, kCarol, 1, 10);
  EXPECT_LT(first, other);
  EXPECT_LT(other, second);
  const auto alices = exchange.option_contracts(c, kAlice);
  ASSERT_EQ(alices.size(), 2u);
  EXPECT_EQ(alices[0]->id, first);
  EXPECT_EQ(alices[1]->id, second);
  EXPECT_TRUE(exchange.option_contracts(kU, kAlice).empty());
  EXPECT_TRUE(exchange.option_contracts(999, kAlice).empty());
  ASSERT_EQ(exercise_error(kCarol, c, second, 1), "ok");
  ASSERT_EQ(exercise_error(kAlice, c, first, 0.5), "ok");
  const auto exercises = exchange.option_exercises(kAlice, c);
  ASSERT_EQ(exercises.size(), 2u);
  EXPECT_EQ(exercises[0]->exerciser, kCarol);
  EXPECT_EQ(exercises[0]->writer, kAlice);
  EXPECT_EQ(exercises[1]->exerciser, kAlice);
  EXPECT_LT(exercises[0]->transaction.id, exercises[1]->transaction.id);
  EXPECT_TRUE(exchange.option_exercises(kAlice, kU).empty());
  EXPECT_TRUE(exchange.option_exercises(kEve, 0).empty());
}

}  // namespace
}  // namespace exchange
