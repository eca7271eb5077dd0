// Trading rules and the worked examples of rules.md 5.4 and Appendix B.

#include "core/exchange.h"

#include <gtest/gtest.h>

#include "exchange_fixture.h"

namespace exchange {
namespace {

using namespace exchange::testing;

class ExchangeTest : public ::testing::Test {
 protected:
  void SetUp() override { load_reference_fixture(exchange); }

  Money available(AccountId id) const { return exchange.account(id)->available_balance(); }
  Money balance(AccountId id) const { return exchange.account(id)->balance; }
  Exposure exposure(AccountId id, MarketId market) const {
    return exchange.account(id)->exposures.at(market);
  }
  std::string_view error_of(AccountId account, const PlaceOrder& request) {
    auto placed = exchange.place_order(as_user(account), request, kNow);
    return placed.ok() ? "ok" : message(placed.error());
  }
  void check_worst_case_cache() const {
    for (const Account* account : exchange.accounts_by_id()) {
      EXPECT_EQ(account->worst_case_sum, exchange.recomputed_worst_case_sum(account->id));
    }
  }

  Exchange exchange;
};

TEST_F(ExchangeTest, InvalidOrders) {  // Appendix B.1
  EXPECT_EQ(error_of(1, bid(1, 1, 30)), "Invalid price");
  EXPECT_EQ(error_of(1, bid(1, 100, 15)), "Insufficient funds");
  EXPECT_EQ(error_of(1, offer(1, 100, 15)), "Insufficient funds");
  EXPECT_EQ(error_of(1, bid(1, -1, 15)), "Invalid size");
  EXPECT_EQ(error_of(1, bid(1, 1, 15.001)), "Invalid price");
  EXPECT_EQ(error_of(1, offer(1, 1, 15.0100)), "ok");
}

TEST_F(ExchangeTest, ValidationOrder) {
  PlaceOrder no_side = bid(1, 1, 15.001);
  no_side.side = side_from_wire(0);
  EXPECT_EQ(error_of(1, no_side), "No side provided");
  no_side.side = side_from_wire(3);
  EXPECT_EQ(error_of(1, no_side), "No side provided");
  EXPECT_EQ(error_of(1, bid(99, 0, 15.001)), "Invalid price");  // price before size and market
  EXPECT_EQ(error_of(1, bid(99, 0, 15)), "Invalid size");
  EXPECT_EQ(error_of(1, bid(99, 1.001, 15)), "Invalid size");
  EXPECT_EQ(error_of(1, bid(99, 10000000000.01, 15)), "Invalid size");
  EXPECT_EQ(error_of(1, bid(99, 1, 10000000000.01)), "Invalid price");
  EXPECT_EQ(error_of(1, bid(99, 1, 15)), "Market not found");
  EXPECT_EQ(error_of(1, bid(1, 1, 9.99)), "Invalid price");
  EXPECT_EQ(error_of(1, bid(1, 1, 20)), "ok");
  EXPECT_EQ(error_of(1, bid(1, 1, 10)), "ok");
}

TEST_F(ExchangeTest, BidAndCancel) {  // Appendix B.2
  auto placed = exchange.place_order(as_user(1), bid(1, 1, 15), kNow);
  ASSERT_TRUE(placed.ok());
  ASSERT_TRUE(placed->resting);
  EXPECT_EQ(balance(1), money(100));
  EXPECT_EQ(available(1), money(95));
  EXPECT_EQ(exposure(1, 1), (Exposure{qty(0), qty(1), qty(0), money(15), money(0)}));
  EXPECT_EQ(exchange.book(1)->order_count(), 1u);

  auto cancelled = exchange.cancel_order(as_user(1), placed->resting->id, kNow);
  ASSERT_TRUE(cancelled.ok());
  EXPECT_EQ(exchange.book(1)->order_count(), 0u);
  EXPECT_EQ(available(1), money(100));
  EXPECT_EQ(exposure(1, 1), Exposure{});  // the row stays, with zeros
}

TEST_F(ExchangeTest, SingleOffer) {  // Appendix B.3
  ASSERT_TRUE(exchange.place_order(as_user(1), offer(1, 1, 15), kNow).ok());
  EXPECT_EQ(available(1), money(95));
  EXPECT_EQ(exposure(1, 1), (Exposure{qty(0), qty(0), qty(1), money(0), money(15)}));
}

TEST_F(ExchangeTest, ThreeOrdersOneFill) {  // Appendix B.4
  ASSERT_TRUE(exchange.place_order(as_user(1), bid(1, 1, 12), kNow).ok());
  ASSERT_TRUE(exchange.place_order(as_user(1), offer(1, 1, 16), kNow).ok());
  EXPECT_EQ(available(1), money(96));
  auto placed = exchange.place_order(as_user(2), offer(1, 0.5, 11), kNow);
  ASSERT_TRUE(placed.ok());
  ASSERT_EQ(placed->trades.size(), 1u);
  const Trade& trade = placed->trades[0];
  EXPECT_EQ(trade.buyer, 1);
  EXPECT_EQ(trade.seller, 2);
  EXPECT_EQ(trade.price, px(12));
  EXPECT_EQ(trade.size, qty(0.5));
  EXPECT_FALSE(trade.buyer_is_taker);
  ASSERT_EQ(placed->fills.size(), 1u);
  EXPECT_EQ(placed->fills[0].filled, qty(0.5));
  EXPECT_EQ(placed->fills[0].remaining, qty(0.5));
  EXPECT_EQ(placed->fills[0].price, px(12));
  EXPECT_EQ(placed->fills[0].resting_side, Side::kBid);
  EXPECT_FALSE(placed->resting);

  EXPECT_EQ(balance(1), money(94));
  EXPECT_EQ(available(1), money(98));
  EXPECT_EQ(exposure(1, 1), (Exposure{qty(0.5), qty(0.5), qty(1), money(6), money(16)}));
  EXPECT_EQ(balance(2), money(106));
  EXPECT_EQ(available(2), money(96));
  EXPECT_EQ(exposure(2, 1), (Exposure{qty(-0.5), qty(0), qty(0), money(0), money(0)}));
  check_worst_case_cache();
}

TEST_F(ExchangeTest, SelfFill) {  // Appendix B.5 and rules.md 4.7
  ASSERT_TRUE(exchange.place_order(as_user(1), bid(1, 1, 12), kNow).ok());
  auto placed = exchange.place_order(as_user(1), offer(1, 0.5, 11), kNow);
  ASSERT_TRUE(placed.ok());
  EXPECT_TRUE(placed->trades.empty());
  ASSERT_EQ(placed->fills.size(), 1u);
  EXPECT_EQ(placed->fills[0].resting_owner, 1);
  EXPECT_EQ(placed->fills[0].remaining, qty(0.5));
  EXPECT_FALSE(placed->resting);
  EXPECT_EQ(balance(1), money(100));
  EXPECT_EQ(available(1), money(99));
  EXPECT_EQ(exposure(1, 1), (Exposure{qty(0), qty(0.5), qty(0), money(6), money(0)}));
}

TEST_F(ExchangeTest, TwoMarketsExactlyZeroAvailablePasses) {  // Appendix B.6
  ASSERT_TRUE(exchange.place_order(as_user(1), bid(1, 10, 15), kNow).ok());
  EXPECT_EQ(error_of(1, bid(2, 15, 5)), "Insufficient funds");
  EXPECT_EQ(error_of(1, bid(2, 10, 5)), "ok");
  EXPECT_EQ(available(1), money(0));
}

TEST_F(ExchangeTest, FillsAndSettlement) {  // Appendix B.7
  for (double price : {3, 4, 5, 6})
    ASSERT_TRUE(exchange.place_order(as_user(1), bid(2, 1, price), kNow).ok());
  auto placed = exchange.place_order(as_user(2), offer(2, 4, 3.5), kNow);
  ASSERT_TRUE(placed.ok());
  ASSERT_EQ(placed->trades.size(), 3u);
  EXPECT_EQ(placed->trades[0].price, px(6));
  EXPECT_EQ(placed->trades[1].price, px(5));
  EXPECT_EQ(placed->trades[2].price, px(4));
  EXPECT_LT(placed->trades[0].id, placed->trades[1].id);
  ASSERT_EQ(placed->fills.size(), 3u);
  EXPECT_EQ(placed->fills[0].remaining, qty(0));
  ASSERT_TRUE(placed->resting);
  EXPECT_EQ(placed->resting->size, qty(1));
  EXPECT_EQ(placed->resting->price, px(3.5));

  EXPECT_EQ(balance(1), money(85));
  EXPECT_EQ(available(1), money(82));
  EXPECT_EQ(exposure(1, 2), (Exposure{qty(3), qty(1), qty(0), money(3), money(0)}));
  EXPECT_EQ(balance(2), money(115));
  EXPECT_EQ(available(2), money(78.5));
  EXPECT_EQ(exposure(2, 2), (Exposure{qty(-3), qty(0), qty(1), money(0), money(3.5)}));

  auto settled = exchange.settle_market(as_user(1), 2, dec(7), kNow);
  ASSERT_TRUE(settled.ok());
  EXPECT_EQ(settled->voided_orders.size(), 2u);
  EXPECT_EQ(settled->settled_accounts, (std::vector<AccountId>{1, 2}));
  EXPECT_EQ(balance(1), money(106));
  EXPECT_EQ(balance(2), money(94));
  EXPECT_FALSE(exchange.account(1)->exposures.contains(2));
  EXPECT_FALSE(exchange.account(2)->exposures.contains(2));
  EXPECT_EQ(exchange.book(2)->order_count(), 0u);
  EXPECT_EQ(available(1), money(106));
  check_worst_case_cache();
}

TEST_F(ExchangeTest, WorstCaseTable) {  // rules.md 5.4 worked examples
  ASSERT_TRUE(exchange.place_order(as_user(1), bid(1, 1, 12), kNow).ok());
  ASSERT_TRUE(exchange.place_order(as_user(1), offer(1, 1, 16), kNow).ok());
  EXPECT_EQ(available(1), money(96));
  EXPECT_EQ(error_of(3, offer(1, 100, 15)), "Insufficient funds");
}

TEST_F(ExchangeTest, CashMayGoNegativeWhilePositionsCoverIt) {  // rules.md 16.8
  ASSERT_TRUE(exchange.place_order(as_user(2), offer(1, 1, 10), kNow).ok());
  ASSERT_TRUE(
      exchange.place_order(as_user(3), bid(1, 1, 10), kNow).ok());  // c: cash 90, position 1
  // Move c's cash down to −10 via a bid at 20 filled by b.
  ASSERT_TRUE(exchange.place_order(as_user(2), offer(1, 5, 20), kNow).ok());
  ASSERT_TRUE(exchange.place_order(as_user(3), bid(1, 5, 20), kNow).ok());
  EXPECT_EQ(balance(3), money(-10));
  EXPECT_EQ(exposure(3, 1).position, qty(6));
  EXPECT_EQ(available(3), money(50));
}

TEST_F(ExchangeTest, CancelChecks) {
  auto placed = exchange.place_order(as_user(1), bid(1, 1, 15), kNow);
  const OrderId id = placed->resting->id;
  EXPECT_EQ(message(exchange.cancel_order(as_user(1), 999, kNow).error()), "Order not found");
  EXPECT_EQ(message(exchange.cancel_order(as_user(2), id, kNow).error()), "Not order owner");
  MarketEdit pause{1, {}, {}, {}, false, {}, {}, MarketStatus::kPaused};
  ASSERT_TRUE(exchange.edit_market(as_sudo_admin(3), pause, kNow).ok());
  EXPECT_EQ(message(exchange.cancel_order(as_user(1), id, kNow).error()), "Market is paused");
  MarketEdit semi{1, {}, {}, {}, false, {}, {}, MarketStatus::kSemiPaused};
  ASSERT_TRUE(exchange.edit_market(as_sudo_admin(3), semi, kNow).ok());
  EXPECT_EQ(error_of(1, bid(1, 1, 15)), "Market is paused");
  EXPECT_TRUE(exchange.cancel_order(as_user(1), id, kNow).ok());
  EXPECT_EQ(message(exchange.cancel_order(as_user(1), id, kNow).error()), "Order not found");
}

TEST_F(ExchangeTest, OutCancelsOnlyTheActingAccountsOrders) {
  ASSERT_TRUE(exchange.place_order(as_user(1), bid(1, 1, 11), kNow).ok());
  ASSERT_TRUE(exchange.place_order(as_user(1), offer(1, 1, 19), kNow).ok());
  ASSERT_TRUE(exchange.place_order(as_user(1), bid(2, 1, 1), kNow).ok());
  ASSERT_TRUE(exchange.place_order(as_user(2), bid(1, 1, 12), kNow).ok());

  auto bids_only = exchange.out(as_user(1), std::nullopt, side_from_wire(1), kNow);
  ASSERT_TRUE(bids_only.ok());
  ASSERT_EQ(bids_only->markets.size(), 2u);
  EXPECT_EQ(bids_only->markets[0].market, 1);
  EXPECT_EQ(bids_only->markets[1].market, 2);
  EXPECT_EQ(exposure(1, 1), (Exposure{qty(0), qty(0), qty(1), money(0), money(19)}));

  auto nothing = exchange.out(as_user(1), 2, std::nullopt, kNow);  // succeeds, cancels nothing
  ASSERT_TRUE(nothing.ok());
  EXPECT_TRUE(nothing->markets.empty());
  EXPECT_GT(nothing->transaction.id, bids_only->transaction.id);

  auto rest = exchange.out(as_user(1), std::nullopt, side_from_wire(0), kNow);  // 0: both
  ASSERT_TRUE(rest.ok());
  ASSERT_EQ(rest->markets.size(), 1u);
  EXPECT_EQ(rest->markets[0].orders.size(), 1u);
  EXPECT_EQ(exchange.book(1)->order_count(), 1u);  // b's bid remains
  EXPECT_EQ(message(exchange.out(as_user(1), 99, std::nullopt, kNow).error()), "Market not found");
}

TEST_F(ExchangeTest, OutSkipsPausedMarketsAndRefusesThemExplicitly) {
  ASSERT_TRUE(exchange.place_order(as_user(1), bid(1, 1, 11), kNow).ok());
  ASSERT_TRUE(exchange.place_order(as_user(1), bid(2, 1, 1), kNow).ok());
  MarketEdit pause{1, {}, {}, {}, false, {}, {}, MarketStatus::kPaused};
  ASSERT_TRUE(exchange.edit_market(as_sudo_admin(3), pause, kNow).ok());
  EXPECT_EQ(message(exchange.out(as_user(1), 1, std::nullopt, kNow).error()), "Market is paused");
  auto everywhere = exchange.out(as_user(1), std::nullopt, std::nullopt, kNow);
  ASSERT_TRUE(everywhere.ok());
  ASSERT_EQ(everywhere->markets.size(), 1u);
  EXPECT_EQ(everywhere->markets[0].market, 2);
  EXPECT_EQ(exchange.book(1)->order_count(), 1u);
}

TEST_F(ExchangeTest, TransactionIdsOnlyAdvanceOnSuccess) {
  const TransactionId before = exchange.counters().next_transaction;
  EXPECT_EQ(error_of(1, bid(1, 100, 15)), "Insufficient funds");
  EXPECT_EQ(exchange.counters().next_transaction, before);
  auto placed = exchange.place_order(as_user(1), bid(1, 1, 15), kNow);
  EXPECT_EQ(placed->transaction.id, before);
  EXPECT_EQ(placed->resting->placed, before);
}

TEST_F(ExchangeTest, NegativeAndZeroPricesAreValidWithinRange) {
  Market m;
  m.id = 3;
  m.name = "temperature";
  m.min_settlement = px(-20);
  m.max_settlement = px(5);
  exchange.restore_market(m);
  EXPECT_EQ(error_of(1, bid(3, 1, -5)), "ok");
  EXPECT_EQ(error_of(1, bid(3, 1, 0)), "ok");
  EXPECT_EQ(error_of(1, bid(3, 1, -20.01)), "Invalid price");
}

TEST_F(ExchangeTest, CreateUserNamesAndBalances) {
  auto admin = exchange.create_user("kp_1234567890", "Teacher", money(100'000'000));
  ASSERT_TRUE(admin.ok());
  EXPECT_EQ(admin->balance, money(100'000'000));
  EXPECT_TRUE(admin->is_user());
  // cohorts.md 3.5: a taken name gets the first free numeric suffix.
  auto clash = exchange.create_user("kp_abcdefghij", "Teacher", Money{});
  ASSERT_TRUE(clash.ok());
  EXPECT_EQ(clash->name, "Teacher-2");
  EXPECT_EQ(clash->balance, Money{});
  EXPECT_EQ(exchange.account_by_identity("kp_abcdefghij"), clash->id);
  auto third = exchange.create_user("short", "Teacher", Money{});
  ASSERT_TRUE(third.ok());
  EXPECT_EQ(third->name, "Teacher-3");
}

}  // namespace
}  // namespace exchange
