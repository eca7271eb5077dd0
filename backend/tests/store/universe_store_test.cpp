// Universes, account universe and colour, and market universe survive a restart, and an older
// database (before the universe migration) puts everything in universe 0.

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

TEST(UniverseStore, UniversesAccountsAndMarketsSurviveARestart) {
  TempDatabase temp{"universe-store-test"};
  AccountId alice = 0, bot = 0;
  MarketId side_market = 0, main_market = 0;
  UniverseId side = 0;
  {
    Database db(temp.path, Database::Access::kReadWrite);
    migrate(db);
    Exchange exchange;
    load_exchange(db, exchange);
    WriteSet writes;
    auto user = exchange.create_user("alice-subject", "alice", Money{});
    ASSERT_TRUE(user.ok());
    alice = user->id;
    record_new_account(alice, writes);
    std::vector<AccountId> owned{alice};
    const Requester as_alice{alice, alice, alice, false, owned};
    auto universe = exchange.create_universe(as_alice, "Side", "a side world");
    ASSERT_TRUE(universe.ok());
    side = universe->id;
    record_new_universe(side, writes);
    auto account = exchange.create_account(
        as_alice, NewAccount{alice, "side-bot", side, whole(250), std::string("#ABCDEF")});
    ASSERT_TRUE(account.ok());
    bot = account->id;
    record_new_account(bot, writes);
    NewMarket request;
    request.name = "side market";
    request.min_settlement = whole(0);
    request.max_settlement = whole(10);
    owned = exchange.owned_set(alice);
    auto in_side =
        exchange.create_market(Requester{alice, bot, alice, false, owned}, request, kNow);
    ASSERT_TRUE(in_side.ok());
    side_market = in_side->id;
    record_new_market(*in_side, writes);
    request.name = "main market";
    auto in_main =
        exchange.create_market(Requester{alice, alice, alice, false, owned}, request, kNow);
    ASSERT_TRUE(in_main.ok());
    main_market = in_main->id;
    record_new_market(*in_main, writes);
    BatchWriter writer(db);
    writer.commit(writes, exchange);
  }
  Database db(temp.path, Database::Access::kReadWrite);
  migrate(db);
  Exchange reloaded;
  load_exchange(db, reloaded);
  ASSERT_EQ(reloaded.universes().size(), 2u);
  EXPECT_EQ(*reloaded.universe(0), (Universe{0, "Main", "The main trading universe", 0}));
  EXPECT_EQ(*reloaded.universe(side), (Universe{side, "Side", "a side world", alice}));
  EXPECT_EQ(reloaded.account(alice)->universe, kMainUniverse);
  EXPECT_EQ(reloaded.account(alice)->color, "");
  EXPECT_EQ(reloaded.account(bot)->universe, side);
  EXPECT_EQ(reloaded.account(bot)->color, "#abcdef");
  EXPECT_EQ(reloaded.account(bot)->balance, Money::from_whole(250));
  EXPECT_EQ(reloaded.market(side_market)->universe, side);
  EXPECT_EQ(reloaded.market(main_market)->universe, kMainUniverse);
  // The next universe continues after the stored ones, and names stay taken.
  std::vector<AccountId> owned{alice};
  const Requester as_alice{alice, alice, alice, false, owned};
  EXPECT_FALSE(reloaded.create_universe(as_alice, "Side", "").ok());
  auto next = reloaded.create_universe(as_alice, "Next", "");
  ASSERT_TRUE(next.ok());
  EXPECT_EQ(next->id, side + 1);
}

TEST(UniverseStore, AnOlderDatabasePutsEverythingInMain) {
  TempDatabase temp{"universe-store-test"};
  {
    Database db(temp.path, Database::Access::kReadWrite);
    // The database as the server left it before the universe migration existed.
    migrate_before(db, "0003");
    db.exec("INSERT INTO account (id, identity, name, balance) VALUES (7, 'sub', 'old', '5')");
    db.exec("INSERT INTO transactions (id, timestamp) VALUES (1, 0)");
    db.exec(
        "INSERT INTO market (id, name, description, owner_id, transaction_id, min_settlement,"
        " max_settlement) VALUES (1, 'old market', '', 7, 1, '0', '1')");
  }
  Database db(temp.path, Database::Access::kReadWrite);
  EXPECT_GE(migrate(db), 1);
  Exchange loaded;
  load_exchange(db, loaded);
  ASSERT_EQ(loaded.universes().size(), 1u);
  EXPECT_EQ(loaded.universe(0)->name, "Main");
  EXPECT_EQ(loaded.account(7)->universe, kMainUniverse);
  EXPECT_EQ(loaded.account(7)->color, "");
  EXPECT_EQ(loaded.market(1)->universe, kMainUniverse);
}

}  // namespace
}  // namespace exchange::store
