// Creating, editing and settling markets (rules.md section 7).

#include <gtest/gtest.h>

#include "core/exchange.h"
#include "exchange_fixture.h"

namespace exchange {
namespace {

using namespace exchange::testing;

class MarketLifecycleTest : public ::testing::Test {
 protected:
  void SetUp() override { load_reference_fixture(exchange); }

  static NewMarket plain(const char* name, double min, double max) {
    NewMarket request;
    request.name = name;
    request.min_settlement = dec(min);
    request.max_settlement = dec(max);
    return request;
  }
  std::string_view create_error(const NewMarket& request, Requester who = as_user(1)) {
    auto created = exchange.create_market(who, request, kNow);
    return created.ok() ? "ok" : message(created.error());
  }

  Exchange exchange;
};

TEST_F(MarketLifecycleTest, CreatesAnOpenMarketOwnedByTheUser) {
  NewMarket request = plain("rain", 0, 100);
  request.description = "Will it rain?";
  auto created = exchange.create_market(as_user(2), request, kNow);
  ASSERT_TRUE(created.ok());
  EXPECT_EQ(created->id, 3);
  EXPECT_EQ(created->owner, 2);
  EXPECT_EQ(created->type_id, 1);
  EXPECT_EQ(created->group_id, 0);
  EXPECT_EQ(created->status, MarketStatus::kOpen);
  EXPECT_FALSE(created->pinned);
  EXPECT_EQ(created->min_settlement, px(0));
  EXPECT_EQ(created->max_settlement, px(100));
  EXPECT_EQ(*exchange.market(3), created.value());
}

TEST_F(MarketLifecycleTest, SudoAdminCreationsBelongToTheAdmin) {
  Requester impersonating{2, 2, 3, true, just(2)};
  auto created = exchange.create_market(impersonating, plain("x", 0, 1), kNow);
  EXPECT_EQ(created->owner, 3);
}

TEST_F(MarketLifecycleTest, SettlementBoundChecks) {
  EXPECT_EQ(create_error(plain("a", 10, 10)), "Invalid settlement prices");
  EXPECT_EQ(create_error(plain("a", 11, 10)), "Invalid settlement prices");
  EXPECT_EQ(create_error(plain("a", 0.001, 10)), "Invalid settlement prices");
  EXPECT_EQ(create_error(plain("a", 0, 10000000000.01)), "Invalid settlement prices");
  EXPECT_EQ(create_error(plain("a", -10000000000.01, 0)), "Invalid settlement prices");
  EXPECT_EQ(create_error(plain("a", 0, 10000000000.5)), "ok");
}

TEST_F(MarketLifecycleTest, FeeAndMultiplierChecks) {
  NewMarket fee_on_plain = plain("a", 0, 1);
  fee_on_plain.redeem_fee = dec(1);
  EXPECT_EQ(create_error(fee_on_plain), "Invalid redeem fee");

  NewMarket zero_multiplier = plain("f", 0, 0);
  zero_multiplier.constituents = {{1, 1}, {2, 0}};
  EXPECT_EQ(create_error(zero_multiplier), "Invalid multiplier");

  NewMarket negative_fee = plain("f", 0, 0);
  negative_fee.constituents = {{1, 1}};
  negative_fee.redeem_fee = dec(-1);
  EXPECT_EQ(create_error(negative_fee), "Invalid redeem fee");

  NewMarket missing = plain("f", 0, 0);
  missing.constituents = {{1, 1}, {99, 1}};
  EXPECT_EQ(create_error(missing), "Constituent not found");

  NewMarket fine_fee = plain("f", 0, 0);
  fine_fee.constituents = {{1, 1}};
  fine_fee.redeem_fee = dec(0.00001);
  EXPECT_EQ(create_error(fine_fee), "Invalid redeem fee");

  NewMarket duplicated = plain("f", 0, 0);
  duplicated.constituents = {{1, 1}, {1, 2}};
  EXPECT_EQ(create_error(duplicated), "Invalid multiplier");
}

TEST_F(MarketLifecycleTest, FundBoundsComeFromConstituents) {
  // rules.md 5.3: fund = −1 × m1 [10, 20] + 2 × m2 [0, 10] has range [−20, 10].
  NewMarket fund = plain("fund", 500, 1000);  // requested bounds are ignored
  fund.constituents = {{1, -1}, {2, 2}};
  fund.redeem_fee = dec(2);
  auto created = exchange.create_market(as_user(1), fund, kNow);
  ASSERT_TRUE(created.ok());
  EXPECT_EQ(created->min_settlement, px(-20));
  EXPECT_EQ(created->max_settlement, px(10));
  EXPECT_EQ(created->redeem_fee, money(2));
  EXPECT_TRUE(created->is_fund());
}

TEST_F(MarketLifecycleTest, CategoriesAndGroups) {
  NewMarket scenario = plain("s", 0, 1);
  scenario.type_id = 2;
  EXPECT_EQ(create_error(scenario), "Cannot create market with non-public category");
  EXPECT_EQ(create_error(scenario, as_sudo_admin(1)), "ok");
  NewMarket unknown = plain("u", 0, 1);
  unknown.type_id = 7;
  EXPECT_EQ(create_error(unknown), "Category not found");

  exchange.restore_market_group({1, "week 1", "", 2});
  NewMarket grouped = plain("g", 0, 1);
  grouped.group_id = 1;
  EXPECT_EQ(create_error(grouped, as_user(1)), "ok");  // ignored for non-admins
  EXPECT_EQ(exchange.market(4)->group_id, 0);
  grouped.name = "g2";
  EXPECT_EQ(create_error(grouped, as_sudo_admin(1)),
            "Market category does not match group category");
  grouped.type_id = 2;
  EXPECT_EQ(create_error(grouped, as_sudo_admin(1)), "ok");
  EXPECT_EQ(exchange.market(5)->group_id, 1);
  grouped.name = "g3";
  grouped.group_id = 9;
  EXPECT_EQ(create_error(grouped, as_sudo_admin(1)), "Market group not found");
}

TEST_F(MarketLifecycleTest, NamesAndVisibility) {
  EXPECT_EQ(create_error(plain("m1", 0, 1)), "Market name already exists");
  NewMarket restricted = plain("private", 0, 1);
  restricted.visible_to = {2, 3, 2};
  auto created = exchange.create_market(as_user(1), restricted, kNow);
  ASSERT_TRUE(created.ok());
  EXPECT_EQ(created->visible_to, (std::vector<AccountId>{2, 3}));
  restricted.name = "private2";
  restricted.visible_to = {2, 404};
  EXPECT_EQ(create_error(restricted), "Account not found");
}

TEST_F(MarketLifecycleTest, EditPermissionsAndEffects) {
  MarketEdit edit;
  edit.market = 1;
  edit.description = "new text";
  EXPECT_EQ(message(exchange.edit_market(as_user(2), edit, kNow).error()),
            "You can only edit your own market's description");
  auto edited = exchange.edit_market(as_user(1), edit, kNow);
  ASSERT_TRUE(edited.ok());
  EXPECT_EQ(edited->description, "new text");

  MarketEdit rename;
  rename.market = 1;
  rename.name = "renamed";
  EXPECT_EQ(message(exchange.edit_market(as_user(1), rename, kNow).error()),
            "Only admins can edit market name, status, pinned, visibility, and redeemable "
            "settings");
  EXPECT_TRUE(exchange.edit_market(as_sudo_admin(3), rename, kNow).ok());
  EXPECT_EQ(exchange.market(1)->name, "renamed");
  EXPECT_EQ(create_error(plain("m1", 0, 1)), "ok");  // the old name is free again

  MarketEdit bad_status;
  bad_status.market = 1;
  bad_status.status = market_status_from_wire(7);
  EXPECT_EQ(message(exchange.edit_market(as_sudo_admin(3), bad_status, kNow).error()),
            "Invalid market status");
  MarketEdit fund_edit;
  fund_edit.market = 1;
  fund_edit.has_redeemable_settings = true;
  EXPECT_EQ(message(exchange.edit_market(as_sudo_admin(3), fund_edit, kNow).error()),
            "Fund not found");
  MarketEdit missing;
  missing.market = 42;
  EXPECT_EQ(message(exchange.edit_market(as_sudo_admin(3), missing, kNow).error()),
            "Market not found");

  MarketEdit visibility;
  visibility.market = 2;
  visibility.visible_to = std::vector<AccountId>{3};
  visibility.pinned = true;
  auto restricted = exchange.edit_market(as_sudo_admin(3), visibility, kNow);
  ASSERT_TRUE(restricted.ok());
  EXPECT_EQ(restricted->visible_to, (std::vector<AccountId>{3}));
  EXPECT_TRUE(restricted->pinned);
  visibility.visible_to = std::vector<AccountId>{};
  EXPECT_TRUE(exchange.edit_market(as_sudo_admin(3), visibility, kNow)->is_public());
}

TEST_F(MarketLifecycleTest, StatusMustBeEchoedByNonAdmins) {  // rules.md 7.4 quirk
  MarketEdit pause;
  pause.market = 1;
  pause.status = MarketStatus::kSemiPaused;
  ASSERT_TRUE(exchange.edit_market(as_sudo_admin(3), pause, kNow).ok());
  MarketEdit description_only;
  description_only.market = 1;
  description_only.description = "x";  // status absent = open = a change
  EXPECT_FALSE(exchange.edit_market(as_user(1), description_only, kNow).ok());
  description_only.status = MarketStatus::kSemiPaused;
  EXPECT_TRUE(exchange.edit_market(as_user(1), description_only, kNow).ok());
}

TEST_F(MarketLifecycleTest, SettlementChecks) {  // Appendix B.14 and rules.md 7.7
  EXPECT_EQ(message(exchange.settle_market(as_user(1), 42, dec(1), kNow).error()),
            "Market not found");
  EXPECT_EQ(message(exchange.settle_market(as_user(2), 1, dec(15), kNow).error()),
            "Not market owner");
  EXPECT_EQ(message(exchange.settle_market(as_user(1), 1, dec(15.001), kNow).error()),
            "Invalid settlement price");
  EXPECT_EQ(message(exchange.settle_market(as_user(1), 1, dec(9.99), kNow).error()),
            "Invalid settlement price");
  EXPECT_TRUE(exchange.settle_market(as_user(1), 1, dec(15), kNow).ok());
  EXPECT_EQ(message(exchange.settle_market(as_user(1), 1, dec(15), kNow).error()),
            "Market already settled");
  EXPECT_TRUE(exchange.settle_market(as_sudo_admin(3), 2, dec(5), kNow).ok());
  EXPECT_EQ(exchange.market(1)->settlement->price, px(15));
  EXPECT_EQ(message(exchange.place_order(as_user(1), bid(1, 1, 15), kNow).error()),
            "Market already settled");
}

TEST_F(MarketLifecycleTest, FundSettlesAtItsConstituentsCombination) {
  NewMarket fund = plain("fund", 0, 0);
  fund.constituents = {{1, -1}, {2, 2}};
  const MarketId fund_id = exchange.create_market(as_user(1), fund, kNow)->id;
  ASSERT_TRUE(exchange.settle_market(as_user(1), 1, dec(12), kNow).ok());
  EXPECT_EQ(message(exchange.settle_market(as_user(1), fund_id, dec(0), kNow).error()),
            "Constituent not settled");
  ASSERT_TRUE(exchange.settle_market(as_user(1), 2, dec(7.5), kNow).ok());
  auto settled = exchange.settle_market(as_user(1), fund_id, dec(123.456), kNow);
  ASSERT_TRUE(settled.ok());
  EXPECT_EQ(settled->price, px(3));  // −12 + 2 × 7.5
  NewMarket late = plain("late", 0, 0);
  late.constituents = {{1, 1}};
  EXPECT_EQ(message(exchange.create_market(as_user(1), late, kNow).error()),
            "Constituent already settled");
}

// additions.md 5.2: the log starts {open, creation} and grows only when the status changes,
// each entry with a transaction of its own.
TEST_F(MarketLifecycleTest, StatusLogRecordsCreationAndEachStatusChange) {
  auto created = exchange.create_market(as_user(2), plain("logged", 0, 10), kNow);
  ASSERT_TRUE(created.ok());
  const MarketId id = created->id;
  ASSERT_EQ(exchange.status_log(id),
            (std::vector<MarketStatusChange>{{MarketStatus::kOpen, created->created}}));
  EXPECT_EQ(exchange.last_trade(id), nullptr);

  MarketEdit pause;
  pause.market = id;
  pause.status = MarketStatus::kPaused;
  const TransactionId next = exchange.counters().next_transaction;
  EXPECT_FALSE(exchange.edit_market(as_user(2), pause, kNow).ok());  // refused: nothing logged
  ASSERT_TRUE(exchange.edit_market(as_sudo_admin(3), pause, kNow).ok());
  ASSERT_EQ(exchange.status_log(id).size(), 2u);
  EXPECT_EQ(exchange.status_log(id)[1].status, MarketStatus::kPaused);
  EXPECT_EQ(exchange.status_log(id)[1].transaction.id, next);
  EXPECT_EQ(exchange.counters().next_transaction, next + 1);

  MarketEdit describe = pause;  // the same status: no entry, no transaction
  describe.description = "still paused";
  ASSERT_TRUE(exchange.edit_market(as_sudo_admin(3), describe, kNow).ok());
  EXPECT_EQ(exchange.status_log(id).size(), 2u);
  EXPECT_EQ(exchange.counters().next_transaction, next + 1);
  EXPECT_TRUE(exchange.status_log(4242).empty());
}

}  // namespace
}  // namespace exchange
