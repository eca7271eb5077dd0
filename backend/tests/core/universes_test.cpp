// Universes (cohorts.md 5.3-5.6 and 10.1-10.3): creation, accounts inside them and the rules
// that keep trading and transfers inside one universe.

#include <gtest/gtest.h>

#include <cmath>
#include <deque>

#include "core/exchange.h"
#include "exchange_fixture.h"

namespace exchange {
namespace {

using namespace exchange::testing;

class UniversesTest : public ::testing::Test {
 protected:
  void SetUp() override { load_reference_fixture(exchange); }

  // A requester with U = user acting as `acting`, owning what the exchange says U owns.
  Requester acting(AccountId user, AccountId acting_as, bool sudo = false, AccountId admin = 0) {
    owned_sets.push_back(exchange.owned_set(user));
    return Requester{user, acting_as, admin == 0 ? user : admin, sudo, owned_sets.back()};
  }
  UniverseId new_universe(AccountId user, const char* name) {
    auto created = exchange.create_universe(as_user(user), name, "");
    EXPECT_TRUE(created.ok());
    return created.ok() ? created->id : -1;
  }
  static NewAccount alt(AccountId owner, const char* name, UniverseId universe,
                        std::optional<Decimal> balance = Decimal{},
                        std::optional<std::string> color = std::nullopt) {
    return NewAccount{owner, name, universe, balance, std::move(color)};
  }
  std::string_view create_error(const Requester& who, NewAccount request) {
    auto created = exchange.create_account(who, std::move(request));
    return created.ok() ? "ok" : message(created.error());
  }
  static NewMarket plain(const char* name) {
    NewMarket request;
    request.name = name;
    request.min_settlement = dec(0);
    request.max_settlement = dec(100);
    return request;
  }

  Exchange exchange;
  std::deque<std::vector<AccountId>> owned_sets;  // stable storage for Requester::owned
};

TEST_F(UniversesTest, MainAlwaysExistsWithoutOwner) {
  ASSERT_EQ(exchange.universes().size(), 1u);
  EXPECT_EQ(*exchange.universe(0), (Universe{0, "Main", "The main trading universe", 0}));
  EXPECT_EQ(exchange.universe(1), nullptr);
  EXPECT_EQ(exchange.universe_of(1), kMainUniverse);
  EXPECT_EQ(exchange.universe_of(999), kMainUniverse);  // a missing account reads as Main
}

TEST_F(UniversesTest, CreateUniverseChecksAndIds) {
  EXPECT_EQ(message(exchange.create_universe(as_user(1), "", "d").error()),
            "Account name cannot be empty");  // the reference's wording, kept (10.4)
  EXPECT_EQ(message(exchange.create_universe(as_user(1), " \t", "d").error()),
            "Account name cannot be empty");
  EXPECT_EQ(message(exchange.create_universe(as_user(1), "Main", "d").error()),
            "Universe name already exists");
  auto first = exchange.create_universe(as_user(2), "Class A", "first");
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(*first, (Universe{1, "Class A", "first", 2}));
  EXPECT_EQ(message(exchange.create_universe(as_user(1), "Class A", "").error()),
            "Universe name already exists");
  // Owner is U, never ADMIN, even for a sudo admin impersonating.
  auto second = exchange.create_universe(Requester{3, 3, 1, true, just(3)}, "Class B", "");
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->id, 2);
  EXPECT_EQ(second->owner, 3);
  EXPECT_EQ(exchange.universes().size(), 3u);
}

TEST_F(UniversesTest, UniverseNamesCollideByNameKey) {
  Exchange keyed;
  keyed.set_name_key([](std::string_view name) {
    std::string key(name);
    for (char& c : key) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return key;
  });
  EXPECT_EQ(message(keyed.create_universe(as_user(1), "MAIN", "").error()),
            "Universe name already exists");
  ASSERT_TRUE(keyed.create_universe(as_user(1), "Side", "").ok());
  EXPECT_EQ(message(keyed.create_universe(as_user(1), "side", "").error()),
            "Universe name already exists");
}

TEST_F(UniversesTest, ColourRule) {
  EXPECT_EQ(normalized_color(""), "");
  EXPECT_EQ(normalized_color("   "), "");
  EXPECT_EQ(normalized_color("#AbCdEf"), "#abcdef");
  EXPECT_EQ(normalized_color(" #00FF00 "), "#00ff00");
  EXPECT_EQ(normalized_color("#abcde"), std::nullopt);
  EXPECT_EQ(normalized_color("#abcdefa"), std::nullopt);
  EXPECT_EQ(normalized_color("abcdef1"), std::nullopt);
  EXPECT_EQ(normalized_color("#abcdeg"), std::nullopt);
  EXPECT_EQ(normalized_color(std::string(100000, '#')), std::nullopt);
}

TEST_F(UniversesTest, CreateAccountChecksInOrder) {
  const UniverseId mine = new_universe(1, "mine");
  const Requester u1 = as_user(1);
  // 4 name before 5 colour
  EXPECT_EQ(create_error(u1, alt(1, " ", 99, dec(-1), "red")), "Account name cannot be empty");
  // 5 colour before 6 universe
  EXPECT_EQ(create_error(u1, alt(1, "x", 99, dec(-1), "red")),
            "Account color must be a hex value like #aabbcc");
  // 6 universe before 7 ownership of it
  EXPECT_EQ(create_error(u1, alt(1, "x", 99, dec(-1), "  ")), "Universe not found");
  // 7: another's universe, sudo no exception
  EXPECT_EQ(create_error(as_user(2), alt(2, "x", mine)), "Not the owner of this universe");
  EXPECT_EQ(create_error(Requester{2, 2, 2, true, just(2)}, alt(2, "x", mine)),
            "Not the owner of this universe");
  // 8: positive balance in Main, before the amount's own checks (10.3)
  EXPECT_EQ(create_error(u1, alt(3, "x", 0, dec(5))), "Not the owner of this universe");
  EXPECT_EQ(create_error(u1, alt(3, "x", 0, dec(0.00001))), "Not the owner of this universe");
  // 10.3: the amount as a transfer amount, before 9 owner
  EXPECT_EQ(create_error(u1, alt(3, "x", 0, dec(-1))), "Invalid amount");
  EXPECT_EQ(create_error(u1, alt(3, "x", mine, std::nullopt)), "Invalid amount");  // NaN, ±∞
  EXPECT_EQ(create_error(u1, alt(3, "x", mine, dec(0.00001))), "Invalid amount");
  EXPECT_EQ(create_error(u1, alt(3, "x", mine, dec(1e13))), "Invalid amount");
  // 9 owner
  EXPECT_EQ(create_error(u1, alt(3, "x", mine, dec(10))), "Invalid owner");
  // 11: a main-universe owner of an account elsewhere must be a user (4 is an alt of 1)
  EXPECT_EQ(create_error(u1, alt(4, "x", mine, dec(10))),
            "Owner from main universe must be a user account");
  // 12 name, after all of them
  EXPECT_EQ(create_error(u1, alt(1, "b", mine, dec(10))), "Account name already exists");

  auto inside = exchange.create_account(u1, alt(1, "inside", mine, dec(12.5), "#A0B1C2"));
  ASSERT_TRUE(inside.ok());
  EXPECT_EQ(inside->universe, mine);
  EXPECT_EQ(inside->color, "#a0b1c2");
  EXPECT_EQ(inside->balance, money(12.5));
  EXPECT_FALSE(inside->is_user());
  EXPECT_TRUE(exchange.transfers().empty());  // the balance is minted, no transfer row
  // An owner inside the same universe is fine; from another non-main one it is not (10).
  EXPECT_EQ(create_error(u1, alt(inside->id, "nested", mine)), "ok");
  const UniverseId other = new_universe(1, "other");
  EXPECT_EQ(create_error(u1, alt(inside->id, "y", other)),
            "Owner must be in universe 0 or the same universe");
  // Main, zero balance, no colour: the baseline request.
  auto plain_alt = exchange.create_account(u1, alt(1, "plain", 0));
  ASSERT_TRUE(plain_alt.ok());
  EXPECT_EQ(plain_alt->universe, kMainUniverse);
  EXPECT_EQ(plain_alt->color, "");
}

class UniverseTradingTest : public UniversesTest {
 protected:
  void SetUp() override {
    UniversesTest::SetUp();
    side = new_universe(1, "side");
    auto created = exchange.create_account(as_user(1), alt(1, "side-bot", side, dec(1000)));
    ASSERT_TRUE(created.ok());
    bot = created->id;
  }
  UniverseId side = 0;
  AccountId bot = 0;
};

TEST_F(UniverseTradingTest, MarketsLiveInTheActingAccountsUniverse) {
  auto in_side = exchange.create_market(acting(1, bot), plain("side market"), kNow);
  ASSERT_TRUE(in_side.ok());
  EXPECT_EQ(in_side->universe, side);
  auto in_main = exchange.create_market(as_user(2), plain("main market"), kNow);
  ASSERT_TRUE(in_main.ok());
  EXPECT_EQ(in_main->universe, kMainUniverse);

  // Another user acting in the universe (shared ownership) is not its owner...
  ASSERT_TRUE(exchange.share_ownership(as_user(1), bot, 2).ok());
  EXPECT_EQ(message(exchange.create_market(acting(2, bot), plain("n"), kNow).error()),
            "Not the owner of this universe");
  // ...checked after the category checks
  NewMarket bad_category = plain("n");
  bad_category.type_id = 77;
  EXPECT_EQ(message(exchange.create_market(acting(2, bot), bad_category, kNow).error()),
            "Category not found");
  // ...and a sudo admin creates as ADMIN, who must own the universe.
  EXPECT_TRUE(exchange.create_market(acting(2, bot, true, 1), plain("by admin 1"), kNow).ok());
  EXPECT_EQ(message(exchange.create_market(acting(1, bot, true, 3), plain("n"), kNow).error()),
            "Not the owner of this universe");
}

TEST_F(UniverseTradingTest, FundsTakeConstituentsOfTheirOwnUniverseOnly) {  // 10.2
  NewMarket fund = plain("fund");
  fund.constituents = {{1, 1}};  // m1 is in Main
  EXPECT_EQ(message(exchange.create_market(acting(1, bot), fund, kNow).error()),
            "Constituent not found");
  auto side_market = exchange.create_market(acting(1, bot), plain("s"), kNow);
  ASSERT_TRUE(side_market.ok());
  fund.constituents = {{side_market->id, 1}};
  EXPECT_EQ(message(exchange.create_market(as_user(1), fund, kNow).error()),
            "Constituent not found");
  EXPECT_TRUE(exchange.create_market(acting(1, bot), fund, kNow).ok());
}

TEST_F(UniverseTradingTest, OrdersStayInTheirUniverse) {
  auto side_market = exchange.create_market(acting(1, bot), plain("s"), kNow);
  ASSERT_TRUE(side_market.ok());
  auto order_error = [&](const Requester& who, PlaceOrder order) {
    auto placed = exchange.place_order(who, order, kNow);
    return placed.ok() ? std::string_view("ok") : message(placed.error());
  };
  EXPECT_EQ(order_error(acting(1, bot), bid(99, 1, 15)), "Market not found");
  EXPECT_EQ(order_error(acting(1, bot), bid(1, 1, 15)),
            "Cannot trade in a market from a different universe");
  EXPECT_EQ(order_error(as_user(1), bid(side_market->id, 1, 15)),
            "Cannot trade in a market from a different universe");
  EXPECT_EQ(order_error(acting(1, bot), bid(side_market->id, 1, 15)), "ok");
  EXPECT_EQ(order_error(as_user(1), bid(1, 1, 15)), "ok");
  // Before "Market already settled".
  ASSERT_TRUE(exchange.settle_market(as_user(1), side_market->id, dec(50), kNow).ok());
  EXPECT_EQ(order_error(as_user(1), bid(side_market->id, 1, 15)),
            "Cannot trade in a market from a different universe");
  EXPECT_EQ(order_error(acting(1, bot), bid(side_market->id, 1, 15)), "Market already settled");
}

TEST_F(UniverseTradingTest, TransfersStayInTheirUniverse) {
  auto transfer_error = [&](AccountId from, AccountId to, double amount) {
    auto made = exchange.make_transfer(as_user(1), from, to, dec(amount), "", kNow);
    return made.ok() ? std::string_view("ok") : message(made.error());
  };
  EXPECT_EQ(transfer_error(1, 999, 1), "Account not found");  // `to` is looked up first
  EXPECT_EQ(transfer_error(1, bot, 1), "Cannot transfer between accounts in different universes");
  EXPECT_EQ(transfer_error(bot, 1, 1), "Cannot transfer between accounts in different universes");
  auto second = exchange.create_account(as_user(1), alt(bot, "side-bot-2", side));
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(transfer_error(bot, second->id, 1), "ok");
}

TEST_F(UniverseTradingTest, RedeemStaysInItsUniverse) {  // 10.2
  NewMarket fund = plain("fund");
  fund.constituents = {{1, 1}};
  fund.redeem_fee = dec(0);
  auto created = exchange.create_market(as_user(1), fund, kNow);
  ASSERT_TRUE(created.ok());
  auto redeem_error = [&](const Requester& who, MarketId id) {
    auto done = exchange.redeem(who, id, dec(1), kNow);
    return done.ok() ? std::string_view("ok") : message(done.error());
  };
  EXPECT_EQ(redeem_error(acting(1, bot), 99), "Fund not found");
  EXPECT_EQ(redeem_error(acting(1, bot), created->id),
            "Cannot trade in a market from a different universe");
  EXPECT_EQ(redeem_error(as_user(1), created->id), "ok");
}

}  // namespace
}  // namespace exchange
