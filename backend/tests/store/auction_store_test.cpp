// Split auction sales survive a restart, their rows go with the auction, and the migration
// gives auctions sold before it one buyer each (additions.md 4.4).

#include <gtest/gtest.h>

#include "store/batch_writer.h"
#include "store/database.h"
#include "store/loader.h"
#include "store/migrations.h"
#include "store/record.h"
#include "temp_database.h"

namespace exchange::store {
namespace {

constexpr Timestamp kNow{1'700'000'000'000'000};

Decimal whole(int64_t value) {
  return make_decimal(value < 0, static_cast<uint128>(value < 0 ? -value : value), 0);
}

int64_t count_rows(Database& db, const std::string& sql) {
  Statement row = db.prepare(sql);
  return row.step() ? row.int_at(0) : -1;
}

TEST(AuctionStore, BuyersSurviveARestartAndGoWithTheirAuction) {
  TempDatabase temp{"auction-store-test"};
  AccountId seller = 0, ann = 0, ben = 0;
  AuctionId lamp = 0;
  {
    Database db(temp.path, Database::Access::kReadWrite);
    migrate(db);
    Exchange exchange;
    load_exchange(db, exchange);
    WriteSet writes;
    for (auto [id, name] : {std::pair{&seller, "seller"}, {&ann, "ann"}, {&ben, "ben"}}) {
      auto user = exchange.create_user(std::string(name) + "-subject", name, Money::from_whole(100));
      ASSERT_TRUE(user.ok());
      *id = user->id;
      record_new_account(*id, writes);
    }
    std::vector<AccountId> owned{seller};
    auto item = exchange.create_auction(Requester{seller, seller, seller, false, owned}, "lamp",
                                        "", "", std::nullopt, kNow);
    ASSERT_TRUE(item.ok());
    lamp = item->id;
    writes.transactions.push_back(item->created);
    writes.auctions.push_back(lamp);
    AuctionSettlement split;
    split.auction = lamp;
    split.price = whole(30);
    split.contributions = {{ben, whole(20)}, {ann, whole(10)}};  // not in account order
    split.labelled_owner = ann;
    auto sold = exchange.settle_auction(split, kNow);
    ASSERT_TRUE(sold.ok());
    record_auction_sold(*sold, writes);
    BatchWriter writer(db);
    writer.commit(writes, exchange);
  }
  Database db(temp.path, Database::Access::kReadWrite);
  migrate(db);
  Exchange reloaded;
  load_exchange(db, reloaded);
  const Auction* item = reloaded.auction(lamp);
  ASSERT_NE(item, nullptr);
  EXPECT_EQ(item->buyer, ann);
  EXPECT_EQ(item->settled_price, Money::from_whole(30));
  EXPECT_EQ(item->buyers, (std::vector<AuctionBuyer>{{ann, Money::from_whole(10)},
                                                     {ben, Money::from_whole(20)}}));
  EXPECT_EQ(reloaded.account(ann)->balance, Money::from_whole(90));
  EXPECT_EQ(reloaded.account(ben)->balance, Money::from_whole(80));
  EXPECT_EQ(reloaded.account(seller)->balance, Money::from_whole(130));
  EXPECT_EQ(reloaded.transfers_touching({seller}).size(), 2u);

  // Rewriting the auction (an edit) keeps its buyers; deleting it removes them.
  std::vector<AccountId> owned{seller};
  const Requester as_seller{seller, seller, seller, false, owned};
  Exchange::AuctionEdit edit;
  edit.description = "bright";
  ASSERT_TRUE(reloaded.edit_auction(as_seller, lamp, edit).ok());
  WriteSet edited;
  edited.auctions.push_back(lamp);
  BatchWriter writer(db);
  writer.commit(edited, reloaded);
  EXPECT_EQ(count_rows(db, "SELECT COUNT(*) FROM auction_buyer"), 2);
  ASSERT_TRUE(reloaded.delete_auction(as_seller, lamp).ok());
  WriteSet deleted;
  deleted.deleted_auctions.push_back(lamp);
  writer.commit(deleted, reloaded);
  EXPECT_EQ(count_rows(db, "SELECT COUNT(*) FROM auction_buyer"), 0);
}

TEST(AuctionStore, TheMigrationGivesOldSalesTheirOneBuyer) {
  TempDatabase temp{"auction-store-test"};
  {
    Database db(temp.path, Database::Access::kReadWrite);
    // The database as the server left it before the auction_buyer migration existed.
    migrate_before(db, "0007");
    db.exec("INSERT INTO account (id, identity, name, balance) VALUES (7, 'sub', 'old', '5')");
    db.exec("INSERT INTO account (id, identity, name, balance) VALUES (8, 'sub2', 'own', '5')");
    db.exec("INSERT INTO transactions (id, timestamp) VALUES (1, 0)");
    db.exec(
        "INSERT INTO auction (id, name, description, owner_id, transaction_id, settled_price,"
        " settled_transaction_id, buyer_id) VALUES (1, 'sold', '', 8, 1, '12.5', 1, 7),"
        " (2, 'open', '', 8, 1, NULL, NULL, 0)");
  }
  Database db(temp.path, Database::Access::kReadWrite);
  EXPECT_GE(migrate(db), 1);
  Exchange loaded;
  load_exchange(db, loaded);
  EXPECT_EQ(loaded.auction(1)->buyers,
            (std::vector<AuctionBuyer>{{7, Money::from_units(125'000)}}));  // 12.5
  EXPECT_TRUE(loaded.auction(2)->buyers.empty());
}

}  // namespace
}  // namespace exchange::store
