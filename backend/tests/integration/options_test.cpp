// Option markets over the real server (options.md with the decisions of issue 16): creation,
// contracts from trades, physical exercise, delivery of OptionExercised by visibility, the
// settlement cascade with MarketSettled, and persistence across a restart.

#include <gtest/gtest.h>

#include <optional>

#include "classroom.h"
#include "test_exchange.h"

namespace exchange::testing {
namespace {

std::string failure(const ServerMessage& reply) {
  return reply.request_failed().request_details().kind() + ": " +
         reply.request_failed().error_details().message();
}

ClientMessage create_option(const std::string& name, int64_t underlying, double strike,
                            bool is_call, std::vector<int64_t> visible_to = {},
                            std::optional<int64_t> expiration = std::nullopt) {
  ClientMessage message = create_market(name, 0, 0);  // the server computes the bounds
  auto* option = message.mutable_create_market()->mutable_option();
  option->set_underlying_market_id(underlying);
  option->set_strike_price(strike);
  option->set_is_call(is_call);
  if (expiration) option->mutable_expiration_date()->set_seconds(*expiration);
  for (int64_t id : visible_to) message.mutable_create_market()->add_visible_to(id);
  return message;
}

ClientMessage exercise(int64_t market, int64_t contract, double amount) {
  ClientMessage message;
  auto* body = message.mutable_exercise_option();
  body->set_option_market_id(market);
  body->set_contract_id(contract);
  body->set_amount(amount);
  return message;
}

ClientMessage contracts_of(int64_t market) {
  ClientMessage message;
  message.mutable_get_option_contracts()->set_market_id(market);
  return message;
}

ClientMessage exercises_of(int64_t market) {
  ClientMessage message;
  message.mutable_get_option_exercises()->set_market_id(market);
  return message;
}

double balance_of(Trader& trader, int64_t account) {
  double balance = -1;
  for (const auto& m : trader->fence()) {
    if (m.has_portfolio_updated() && m.portfolio_updated().account_id() == account) {
      balance = m.portfolio_updated().total_balance();
    }
  }
  return balance;
}

bool got_exercise(const std::vector<ServerMessage>& messages) {
  for (const auto& m : messages) {
    if (m.has_option_exercised()) return true;
  }
  return false;
}

class Options : public Classroom {
 protected:
  Options() : Classroom(1000) {}

  void SetUp() override {
    Classroom::SetUp();
    ASSERT_TRUE(teacher->request(set_sudo(true)).has_sudo_status());
    underlying = teacher->request(create_market("U", 0, 100)).market().id();
  }

  // Bob writes `size` of the option to Alice at `price`; returns the contract id.
  int64_t bob_writes_to_alice(int64_t option, double price, double size) {
    EXPECT_TRUE(bob->request(create_order(option, websocket_api::OFFER, price, size))
                    .has_order_created());
    EXPECT_TRUE(alice->request(create_order(option, websocket_api::BID, price, size))
                    .has_order_created());
    const auto listed = alice->request(contracts_of(option));
    EXPECT_TRUE(listed.has_option_contracts()) << listed.DebugString();
    return listed.option_contracts().contracts().empty()
               ? 0
               : listed.option_contracts().contracts().rbegin()->id();
  }

  int64_t underlying = 0;
};

TEST_F(Options, CreateRefusalsAndTheComputedBounds) {
  EXPECT_EQ(failure(alice->request(create_option("c", underlying, 50, true))),
            "CreateMarket: Sudo required");
  EXPECT_EQ(failure(alice->request(create_option("c", underlying, 12.345, true))),
            "CreateMarket: Invalid strike price");
  EXPECT_EQ(failure(teacher->request(create_option("c", 999, 50, true))),
            "CreateMarket: Constituent not found");
  EXPECT_EQ(failure(teacher->request(create_option("c", underlying, 100, true))),
            "CreateMarket: Invalid settlement prices");
  EXPECT_EQ(failure(teacher->request(create_option("c", underlying, 0, false))),
            "CreateMarket: Invalid settlement prices");

  ClientMessage put = create_option("P150", underlying, 150, false, {}, 0);  // seconds 0: none
  put.set_request_id("put");
  alice->fence();
  teacher->send(put);
  const auto seen = alice->next_matching([](auto& m) { return m.has_market(); });
  EXPECT_EQ(seen.request_id(), "put");
  ASSERT_TRUE(seen.market().has_option());
  EXPECT_EQ(seen.market().min_settlement(), 50);
  EXPECT_EQ(seen.market().max_settlement(), 150);
  EXPECT_EQ(seen.market().option().underlying_market_id(), underlying);
  EXPECT_EQ(seen.market().option().strike_price(), 150);
  EXPECT_FALSE(seen.market().option().is_call());
  EXPECT_FALSE(seen.market().option().has_expiration_date());

  const auto call = teacher->request(create_option("C50", underlying, 50, true, {}, 2000000000));
  ASSERT_TRUE(call.market().has_option());
  EXPECT_EQ(call.market().option().expiration_date().seconds(), 2000000000);
  EXPECT_EQ(failure(teacher->request(settle_market(call.market().id(), 10))),
            "SettleMarket: Option markets cannot be settled; use exercise instead");
  ClientMessage edit;
  edit.mutable_edit_market()->set_id(call.market().id());
  edit.mutable_edit_market()->set_description("a call");
  const auto edited = teacher->request(edit);
  ASSERT_TRUE(edited.has_market()) << edited.DebugString();
  EXPECT_EQ(edited.market().option().strike_price(), 50);

  // Every Market sent carries it: the snapshot of a new login too.
  Trader carol = exchange.user("carol");
  int options = 0;
  for (const auto& m : carol.snapshot) {
    if (m.has_market()) options += m.market().has_option();
  }
  EXPECT_EQ(options, 2);
}

// E1 of options.md 14 over the wire.
TEST_F(Options, TradesCreateContractsAndExerciseIsPhysical) {
  const int64_t c50 = teacher->request(create_option("C50", underlying, 50, true)).market().id();
  const int64_t contract = bob_writes_to_alice(c50, 12, 2);
  const auto mine = bob->request(contracts_of(c50));
  ASSERT_EQ(mine.option_contracts().contracts_size(), 1);
  const auto& listed = mine.option_contracts().contracts(0);
  EXPECT_EQ(listed.id(), contract);
  EXPECT_EQ(listed.buyer_id(), alice.id);
  EXPECT_EQ(listed.writer_id(), bob.id);
  EXPECT_EQ(listed.remaining_amount(), 2);
  EXPECT_EQ(listed.option_market_id(), c50);

  EXPECT_EQ(failure(bob->request(exercise(c50, contract, 1))),
            "ExerciseOption: Not the buyer of this contract");
  EXPECT_EQ(failure(alice->request(exercise(c50, 999, 1))),
            "ExerciseOption: Option contract not found");
  EXPECT_EQ(failure(alice->request(exercise(underlying, contract, 1))),
            "ExerciseOption: Option contract not found");
  EXPECT_EQ(failure(alice->request(exercise(c50, contract, 3))), "ExerciseOption: Invalid amount");
  EXPECT_EQ(failure(alice->request(exercise(c50, contract, 0.001))),
            "ExerciseOption: Invalid amount");
  bob->fence();
  ClientMessage request = exercise(c50, contract, 1);
  request.set_request_id("ex1");
  const auto done = alice->request(request);
  ASSERT_TRUE(done.has_option_exercised()) << done.DebugString();
  const auto& ex = done.option_exercised();
  EXPECT_EQ(ex.exerciser_id(), alice.id);
  EXPECT_EQ(ex.counterparty_id(), bob.id);
  EXPECT_EQ(ex.amount(), 1);
  EXPECT_FALSE(ex.is_cash_settled());
  EXPECT_EQ(ex.contract_id(), contract);
  EXPECT_EQ(ex.price(), 50);
  EXPECT_EQ(ex.underlying_market_id(), underlying);
  EXPECT_TRUE(ex.has_transaction_timestamp());
  EXPECT_EQ(balance_of(alice, alice.id), 926);
  EXPECT_EQ(balance_of(bob, bob.id), 1074);  // the public event reached the writer too
  EXPECT_EQ(alice->request(contracts_of(c50)).option_contracts().contracts(0).remaining_amount(), 1);

  const auto history = bob->request(exercises_of(0));
  ASSERT_EQ(history.option_exercises().exercises_size(), 1);
  EXPECT_EQ(history.option_exercises().exercises(0).transaction_id(), ex.transaction_id());
  EXPECT_EQ(history.option_exercises().exercises(0).price(), 50);
  EXPECT_EQ(teacher->request(exercises_of(c50)).option_exercises().exercises_size(), 0);
}

TEST_F(Options, ExercisedGoesOnlyToThoseWhoMaySeeTheOptionMarket) {
  Trader carol = exchange.user("carol");
  const int64_t hidden =
      teacher->request(create_option("C50", underlying, 50, true, {alice.id, bob.id}))
          .market()
          .id();
  const int64_t contract = bob_writes_to_alice(hidden, 10, 1);
  carol->fence();
  ASSERT_TRUE(alice->request(exercise(hidden, contract, 1)).has_option_exercised());
  bob->fence();
  EXPECT_FALSE(got_exercise(carol->fence()));
  // A contract of a market carol cannot see is as missing as the market.
  EXPECT_EQ(failure(carol->request(exercise(hidden, contract, 1))),
            "ExerciseOption: Option contract not found");
}

TEST_F(Options, ExpiredOptionsCannotBeExercisedPhysically) {
  const int64_t old =
      teacher->request(create_option("old", underlying, 50, true, {}, 1000)).market().id();
  const int64_t contract = bob_writes_to_alice(old, 5, 1);
  EXPECT_EQ(failure(alice->request(exercise(old, contract, 1))),
            "ExerciseOption: Option has expired");
}

// Issue 16: U settling settles its option markets at intrinsic value, in the same
// transaction, with a MarketSettled each; options on them follow.
TEST_F(Options, SettlingTheUnderlyingSettlesItsOptionsInCascade) {
  const int64_t c50 = teacher->request(create_option("C50", underlying, 50, true)).market().id();
  const int64_t p40 = teacher->request(create_option("P40", underlying, 40, false)).market().id();
  const int64_t on_call = teacher->request(create_option("CC10", c50, 10, true)).market().id();
  bob_writes_to_alice(c50, 12, 2);  // Alice 976, Bob 1024
  bob_writes_to_alice(on_call, 5, 1);  // Alice 971, Bob 1029
  alice->fence();
  bob->fence();
  ClientMessage settle = settle_market(underlying, 80);
  settle.set_request_id("settle-u");
  const auto settled = teacher->request(settle);
  ASSERT_TRUE(settled.has_market_settled());
  std::map<int64_t, std::pair<double, int64_t>> seen;  // market → price, transaction
  double alice_balance = -1;
  for (const auto& m : alice->fence()) {
    if (m.has_portfolio_updated() && m.portfolio_updated().account_id() == alice.id) {
      alice_balance = m.portfolio_updated().total_balance();
    }
    if (m.has_market_settled()) {
      seen[m.market_settled().id()] = {m.market_settled().settle_price(),
                                       m.market_settled().transaction_id()};
    }
  }
  ASSERT_EQ(seen.size(), 4u);
  const int64_t tx = settled.market_settled().transaction_id();
  EXPECT_EQ(seen[underlying], std::make_pair(80.0, tx));
  EXPECT_EQ(seen[c50], std::make_pair(30.0, tx));
  EXPECT_EQ(seen[p40], std::make_pair(0.0, tx));
  EXPECT_EQ(seen[on_call], std::make_pair(20.0, tx));
  // Alice: 971 + 2·30 + 1·20; Bob the opposite; contracts closed.
  EXPECT_EQ(alice_balance, 1051);
  EXPECT_EQ(balance_of(bob, bob.id), 949);
  EXPECT_EQ(alice->request(contracts_of(c50)).option_contracts().contracts_size(), 0);
  EXPECT_EQ(failure(teacher->request(settle_market(c50, 30))),
            "SettleMarket: Market already settled");
}

TEST_F(Options, RestartKeepsOptionsContractsAndExercises) {
  const int64_t c50 = teacher->request(create_option("C50", underlying, 50, true, {}, 4000000000))
                          .market()
                          .id();
  const int64_t contract = bob_writes_to_alice(c50, 12, 2);
  ASSERT_TRUE(alice->request(exercise(c50, contract, 0.5)).has_option_exercised());
  alice->fence();
  exchange.restart();
  Trader again = exchange.user("alice");
  bool found = false;
  for (const auto& m : again.snapshot) {
    if (!m.has_market() || m.market().id() != c50) continue;
    found = true;
    EXPECT_EQ(m.market().option().strike_price(), 50);
    EXPECT_EQ(m.market().option().expiration_date().seconds(), 4000000000);
    EXPECT_EQ(m.market().max_settlement(), 50);
  }
  EXPECT_TRUE(found);
  const auto listed = again->request(contracts_of(c50));
  ASSERT_EQ(listed.option_contracts().contracts_size(), 1);
  EXPECT_EQ(listed.option_contracts().contracts(0).remaining_amount(), 1.5);
  const auto history = again->request(exercises_of(c50));
  ASSERT_EQ(history.option_exercises().exercises_size(), 1);
  EXPECT_EQ(history.option_exercises().exercises(0).amount(), 0.5);
  EXPECT_EQ(history.option_exercises().exercises(0).underlying_market_id(), underlying);
  // New ids continue after the stored ones.
  ASSERT_TRUE(again->request(exercise(c50, contract, 1.5)).has_option_exercised());
  EXPECT_EQ(again->request(exercises_of(0)).option_exercises().exercises(1).amount(), 1.5);
}

}  // namespace
}  // namespace exchange::testing
