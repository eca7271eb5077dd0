// Redeem codes survive a restart (migration 0006, additions.md 1.5): minted codes, claims with
// their transfers, and what stays open; a claimed code is still claimed after reloading.

#include <gtest/gtest.h>

#include "store/batch_writer.h"
#include "store/database.h"
#include "store/loader.h"
#include "store/migrations.h"
#include "store/record.h"
#include "store/redeem_code_rows.h"
#include "temp_database.h"

namespace exchange::store {
namespace {

constexpr Timestamp kNow{1'700'000'000'123'456};

Decimal whole(int64_t value) {
  Decimal d;
  d.coefficient = static_cast<uint128>(value);
  return d;
}

TEST(RedeemCodeStore, CodesAndClaimsSurviveARestart) {
  TempDatabase temp{"redeem-code-store-test"};
  AccountId admin = 0, alice = 0;
  std::string claimed_code, open_code;
  Exchange before;
  {
    Database db(temp.path, Database::Access::kReadWrite);
    migrate(db);
    load_exchange(db, before);
    BatchWriter writer{db};
    WriteSet writes;
    admin = before.create_user("admin", "admin", Money::from_whole(1000))->id;
    alice = before.create_user("alice", "alice", Money::from_whole(0))->id;
    for (AccountId id : {admin, alice}) record_new_account(id, writes);
    writer.commit(writes, before);

    uint64_t draw = 1;
    auto next = [&] { return draw++; };
    writes.clear();
    auto first = before.create_redeem_code(admin, whole(300), kNow, next);
    auto second = before.create_redeem_code(admin, whole(5), kNow, next);
    ASSERT_TRUE(first.ok() && second.ok());
    claimed_code = first->code;
    open_code = second->code;
    record_redeem_code(first->id, writes);
    record_redeem_code(second->id, writes);
    writer.commit(writes, before);

    writes.clear();
    std::vector<AccountId> owned{alice};
    auto claim = before.claim_redeem_code(Requester{alice, alice, alice, false, owned},
                                          claimed_code, Timestamp{kNow.micros + 1});
    ASSERT_TRUE(claim.ok());
    record_transfer(TransferMade{claim->transfer, std::nullopt}, writes);
    record_redeem_code(claim->code.id, writes);
    writer.commit(writes, before);
  }
  Database db(temp.path, Database::Access::kReadWrite);
  Exchange after;
  load_exchange(db, after);
  ASSERT_NE(after.redeem_code(claimed_code), nullptr);
  EXPECT_EQ(*after.redeem_code(claimed_code), *before.redeem_code(claimed_code));
  EXPECT_EQ(*after.redeem_code(open_code), *before.redeem_code(open_code));
  EXPECT_TRUE(after.redeem_code(claimed_code)->claimed());
  EXPECT_FALSE(after.redeem_code(open_code)->claimed());
  EXPECT_EQ(after.account(alice)->balance, Money::from_whole(300));
  EXPECT_EQ(after.account(admin)->balance, Money::from_whole(700));
  EXPECT_EQ(after.transfers().back(), before.transfers().back());
  EXPECT_EQ(after.counters(), before.counters());

  // After the restart the claim still holds, and codes stay unique.
  std::vector<AccountId> owned{alice};
  const Requester as_alice{alice, alice, alice, false, owned};
  auto again = after.claim_redeem_code(as_alice, claimed_code, Timestamp{kNow.micros + 2});
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().refusal, Refusal::kRedeemCodeAlreadyRedeemed);
  uint64_t repeat = 1;  // the draws that made the stored codes collide first
  auto fresh = after.create_redeem_code(admin, whole(1), kNow, [&] { return repeat++; });
  ASSERT_TRUE(fresh.ok());
  EXPECT_EQ(repeat, 4u);
  EXPECT_GT(fresh->id, before.redeem_code(open_code)->id);
  EXPECT_TRUE(after.claim_redeem_code(as_alice, open_code, kNow).ok());
}

// The unique column is a last line of defence: a duplicate code never reaches the file.
TEST(RedeemCodeStore, TheCodeColumnIsUnique) {
  TempDatabase temp{"redeem-code-unique-test"};
  Database db(temp.path, Database::Access::kReadWrite);
  migrate(db);
  // Account 1 exists in every migrated database (the seeded account).
  db.exec("INSERT INTO redeem_code (id, code, amount, created_by, created_at) VALUES (1, 'ABC-234', '1', 1, 0)");
  EXPECT_THROW(db.exec("INSERT INTO redeem_code (id, code, amount, created_by, created_at)"
                       " VALUES (2, 'ABC-234', '1', 1, 0)"),
               StoreError);
}

}  // namespace
}  // namespace exchange::store
