// Option markets, contracts and exercises survive a restart (migration 0005, issue 16): the
// reloaded exchange holds the same terms, contracts, exercises, positions and next ids.

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "store/batch_writer.h"
#include "store/database.h"
#include "temp_database.h"
#include "store/loader.h"
#include "store/migrations.h"
#include "store/record.h"

namespace exchange::store {
namespace {

constexpr Timestamp kNow{1'700'000'000'000'000};

Decimal whole(int64_t value) {
  Decimal d;
  d.negative = value < 0;
  d.coefficient = static_cast<uint128>(value < 0 ? -value : value);
  return d;
}

// Each step is its own batch, as the sequencer would commit them.
struct Session {
  Database& db;
  Exchange& exchange;
  BatchWriter writer{db};
  template <class Step>
  void batch(Step&& step) {
    WriteSet writes;
    step(writes);
    writer.commit(writes, exchange);
  }
};

TEST(OptionsStore, OptionsContractsAndExercisesSurviveARestart) {
  TempDatabase temp{"options-store-test"};
  AccountId admin = 0, alice = 0, bob = 0;
  MarketId underlying = 0, call = 0, put = 0;
  ContractId contract = 0;
  Exchange before;
  {
    Database db(temp.path, Database::Access::kReadWrite);
    migrate(db);
    load_exchange(db, before);
    Session s{db, before};
    s.batch([&](WriteSet& writes) {
      admin = before.create_user("admin", "admin", Money::from_whole(0))->id;
      alice = before.create_user("alice", "alice", Money::from_whole(1000))->id;
      bob = before.create_user("bob", "bob", Money::from_whole(1000))->id;
      for (AccountId id : {admin, alice, bob}) record_new_account(id, writes);
    });
    std::vector<AccountId> owned_admin{admin}, owned_alice{alice}, owned_bob{bob};
    const Requester sudo{admin, admin, admin, true, owned_admin};
    const Requester as_alice{alice, alice, alice, false, owned_alice};
    const Requester as_bob{bob, bob, bob, false, owned_bob};
    s.batch([&](WriteSet& writes) {
      NewMarket request;
      request.name = "U";
      request.min_settlement = whole(0);
      request.max_settlement = whole(100);
      auto u = before.create_market(sudo, request, kNow);
      underlying = u->id;
      record_new_market(*u, writes);
      NewMarket option;
      option.name = "C50";
      option.option = NewOption{underlying, whole(50), true, int64_t{1'900'000'000}};
      auto c = before.create_market(sudo, option, kNow);
      ASSERT_TRUE(c.ok());
      call = c->id;
      record_new_market(*c, writes);
      option.name = "P40";
      option.option = NewOption{underlying, whole(40), false, std::nullopt};
      auto p = before.create_market(sudo, option, kNow);
      ASSERT_TRUE(p.ok());
      put = p->id;
      record_new_market(*p, writes);
    });
    s.batch([&](WriteSet& writes) {
      auto offered = before.place_order(as_bob, PlaceOrder{call, whole(12), whole(3), Side::kOffer}, kNow);
      record_order_placed(*offered, writes);
      auto taken = before.place_order(as_alice, PlaceOrder{call, whole(12), whole(3), Side::kBid}, kNow);
      ASSERT_EQ(taken->contracts.size(), 1u);
      contract = taken->contracts[0];
      record_order_placed(*taken, writes);
    });
    s.batch([&](WriteSet& writes) {
      auto done = before.exercise_option(as_alice, call, contract, whole(1), kNow);
      ASSERT_TRUE(done.ok());
      record_option_exercise(*done, writes);
    });
  }
  Database db(temp.path, Database::Access::kReadWrite);
  migrate(db);
  Exchange after;
  load_exchange(db, after);
  EXPECT_EQ(*after.market(call), *before.market(call));
  EXPECT_EQ(*after.market(put), *before.market(put));
  EXPECT_EQ(after.market(call)->option->expiration, int64_t{1'900'000'000});
  EXPECT_FALSE(after.market(put)->option->expiration.has_value());
  EXPECT_FALSE(after.market(underlying)->is_option());
  EXPECT_EQ(*after.option_contract(contract), *before.option_contract(contract));
  EXPECT_EQ(after.option_contract(contract)->remaining, Quantity::from_units(200));
  ASSERT_EQ(after.option_exercises(alice, 0).size(), 1u);
  EXPECT_EQ(*after.option_exercises(alice, 0)[0], *before.option_exercises(alice, 0)[0]);
  for (AccountId id : {alice, bob}) {
    EXPECT_EQ(after.account(id)->balance, before.account(id)->balance);
    EXPECT_EQ(after.account(id)->exposures, before.account(id)->exposures);
  }
  EXPECT_EQ(after.counters(), before.counters());

  // Settling U after the restart settles the call and closes the contract, durably.
  std::vector<AccountId> owned{admin};
  {
    BatchWriter writer(db);
    WriteSet writes;
    auto settled = after.settle_market(Requester{admin, admin, admin, true, owned}, underlying,
                                       whole(80), kNow);
    ASSERT_TRUE(settled.ok());
    ASSERT_EQ(settled->options_settled.size(), 2u);
    record_market_settled(*settled, writes);
    writer.commit(writes, after);
  }
  Exchange again;
  load_exchange(db, again);
  EXPECT_EQ(again.market(call)->settlement->price, Price::from_units(3000));
  EXPECT_EQ(again.market(put)->settlement->price, Price{});
  EXPECT_EQ(again.market(call)->settlement->transaction, again.market(underlying)->settlement->transaction);
  EXPECT_TRUE(again.option_contract(contract)->remaining.is_zero());
  EXPECT_EQ(again.account(alice)->balance, after.account(alice)->balance);
  EXPECT_TRUE(again.account(bob)->exposures.empty());
}

}  // namespace
}  // namespace exchange::store
