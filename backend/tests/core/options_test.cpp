// Option markets in core (options.md with the decisions of issue 16): the bounds of 2.3, the
// check orders of 2.2 and 4.2, and the worked examples E1 to E8 of section 14.

#include <gtest/gtest.h>

#include "core/exchange.h"
#include "exchange_fixture.h"

namespace exchange {
namespace {

using namespace exchange::testing;

constexpr AccountId kAlice = 1, kBob = 2, kCarol = 3, kDave = 4, kEve = 5, kAdmin = 9;
constexpr MarketId kU = 1;
constexpr Timestamp kExpiry{2'000'000'000'000'000};  // E: 2033-05-18T03:33:20Z

// U on [0, 100]; Alice, Bob, Carol, Dave and Eve with 1000 unless told otherwise.
class OptionsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    exchange.restore_market_type({1, "Fun", "", true});
    for (auto [id, name] : std::vector<std::pair<AccountId, const char*>>{
             {kAlice, "alice"}, {kBob, "bob"}, {kCarol, "carol"}, {kDave, "dave"}, {kEve, "eve"},
             {kAdmin, "admin"}}) {
      Account account;
      account.id = id;
      account.name = name;
      account.identity = name;
      account.balance = money(1000);
      exchange.restore_account(account);
    }
    Market u;
    u.id = kU;
    u.name = "U";
    u.owner = kAdmin;
    u.min_settlement = px(0);
    u.max_settlement = px(100);
    u.created = Transaction{1, kNow};
    exchange.restore_market(u);
    IdCounters counters = exchange.counters();
    counters.next_transaction = 2;
    exchange.restore_counters(counters);
  }

  // Before any trading: restoring an account drops its rows.
  void set_cash(AccountId id, double balance) {
    Account account = *exchange.account(id);
    account.balance = money(balance);
    exchange.restore_account(account);
  }

  static NewMarket option_request(const std::string& name, MarketId underlying, double strike,
                                  bool is_call, std::optional<int64_t> expiration = {}) {
    NewMarket request;
    request.name = name;
    request.option = NewOption{underlying, dec(strike), is_call, expiration};
    return request;
  }
  Result<Market> create(const NewMarket& request, Requester who = as_sudo_admin(kAdmin)) {
    return exchange.create_market(who, request, kNow);
  }
  std::string_view create_error(const NewMarket& request, Requester who = as_sudo_admin(kAdmin)) {
    auto created = create(request, who);
    return created.ok() ? "ok" : message(created.error());
  }
  MarketId c50() { return create(option_request("C50", kU, 50, true))->id; }
  MarketId p40() {
    return create(option_request("P40", kU, 40, false, kExpiry.micros / 1'000'000))->id;
  }

  // `seller` offers, `buyer` takes; returns the new contract's id.
  ContractId trade(MarketId market, AccountId seller, AccountId buyer, double size, double price) {
    EXPECT_TRUE(exchange.place_order(as_user(seller), offer(market, size, price), kNow).ok());
    auto placed = exchange.place_order(as_user(buyer), bid(market, size, price), kNow);
    EXPECT_TRUE(placed.ok());
    EXPECT_EQ(placed->contracts.size(), 1u);
    return placed->contracts.empty() ? 0 : placed->contracts.back();
  }
  std::string_view exercise_error(AccountId who, MarketId market, ContractId contract,
                                  double amount, Timestamp at = kNow) {
    auto done = exchange.exercise_option(as_user(who), market, contract, dec(amount), at);
    return done.ok() ? "ok" : message(done.error());
  }
  Money cash(AccountId who) { return exchange.account(who)->balance; }
  Money avail(AccountId who) { return exchange.account(who)->available_balance(); }
  Quantity position(AccountId who, MarketId market) {
    const auto& rows = exchange.account(who)->exposures;
    auto it = rows.find(market);
    return it == rows.end() ? Quantity{} : it->second.position;
  }
  Quantity remaining(ContractId id) { return exchange.option_contract(id)->remaining; }
  void settle_u(double price) {
    ASSERT_TRUE(exchange.settle_market(as_sudo_admin(kAdmin), kU, dec(price), kNow).ok());
  }

  Exchange exchange;
};

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
