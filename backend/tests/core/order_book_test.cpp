#include "core/order_book.h"

#include <gtest/gtest.h>

namespace exchange {
namespace {

Price px(int64_t cents) {
  return Price::from_units(cents);
}
Quantity qty(int64_t hundredths) {
  return Quantity::from_units(hundredths);
}

RestingOrder order(OrderId id, AccountId owner, Side side, int64_t price_cents,
                   int64_t size_hundredths) {
  return RestingOrder{id, owner, id, side, px(price_cents), qty(size_hundredths), Timestamp{}};
}

TEST(OrderBook, BestPricesAndDepth) {
  OrderBook book;
  EXPECT_FALSE(book.best_bid());
  book.insert(order(1, 1, Side::kBid, 1000, 100));
  book.insert(order(2, 1, Side::kBid, 1200, 100));
  book.insert(order(3, 2, Side::kOffer, 1500, 100));
  book.insert(order(4, 2, Side::kOffer, 1300, 50));
  book.insert(order(5, 3, Side::kOffer, 1300, 70));
  EXPECT_EQ(book.best_bid(), px(1200));
  EXPECT_EQ(book.best_offer(), px(1300));
  const auto offers = book.depth(Side::kOffer);
  ASSERT_EQ(offers.size(), 2u);
  EXPECT_EQ(offers[0], std::make_pair(px(1300), qty(120)));
  EXPECT_EQ(offers[1], std::make_pair(px(1500), qty(100)));
  EXPECT_EQ(book.order_count(), 5u);
}

TEST(OrderBook, MatchesBestPriceFirstThenTimeAtRestingPrice) {
  OrderBook book;
  book.insert(order(1, 1, Side::kOffer, 1300, 100));
  book.insert(order(2, 2, Side::kOffer, 1200, 100));
  book.insert(order(3, 3, Side::kOffer, 1200, 100));
  std::vector<Fill> fills;
  const Quantity left = book.match(Side::kBid, px(1300), qty(250), fills);
  EXPECT_TRUE(left.is_zero());
  ASSERT_EQ(fills.size(), 3u);
  EXPECT_EQ(fills[0], (Fill{2, 2, Side::kOffer, px(1200), qty(100), qty(0)}));
  EXPECT_EQ(fills[1], (Fill{3, 3, Side::kOffer, px(1200), qty(100), qty(0)}));
  EXPECT_EQ(fills[2], (Fill{1, 1, Side::kOffer, px(1300), qty(50), qty(50)}));
  EXPECT_EQ(book.order_count(), 1u);
  EXPECT_EQ(book.find(1)->size, qty(50));
  EXPECT_EQ(book.best_offer(), px(1300));
}

TEST(OrderBook, StopsAtTheLimitAndReturnsTheRemainder) {
  OrderBook book;
  book.insert(order(1, 1, Side::kBid, 1200, 100));
  book.insert(order(2, 1, Side::kBid, 1100, 100));
  std::vector<Fill> fills;
  const Quantity left = book.match(Side::kOffer, px(1150), qty(300), fills);
  EXPECT_EQ(left, qty(200));
  ASSERT_EQ(fills.size(), 1u);
  EXPECT_EQ(fills[0].price, px(1200));
  EXPECT_EQ(book.best_bid(), px(1100));
}

TEST(OrderBook, NoMatchWhenPricesDoNotCross) {
  OrderBook book;
  book.insert(order(1, 1, Side::kOffer, 1300, 100));
  std::vector<Fill> fills;
  EXPECT_EQ(book.match(Side::kBid, px(1299), qty(100), fills), qty(100));
  EXPECT_TRUE(fills.empty());
}

TEST(OrderBook, CancelRemovesAndEmptiesLevels) {
  OrderBook book;
  book.insert(order(1, 1, Side::kBid, 1000, 100));
  book.insert(order(2, 2, Side::kBid, 1000, 100));
  EXPECT_EQ(book.cancel(1), order(1, 1, Side::kBid, 1000, 100));
  EXPECT_FALSE(book.cancel(1));
  EXPECT_EQ(book.level_count(Side::kBid), 1u);
  EXPECT_TRUE(book.cancel(2));
  EXPECT_EQ(book.level_count(Side::kBid), 0u);
  EXPECT_FALSE(book.best_bid());
  EXPECT_FALSE(book.has_orders_of(1));
}

TEST(OrderBook, CancelOwnerBySide) {
  OrderBook book;
  book.insert(order(1, 7, Side::kBid, 1000, 100));
  book.insert(order(2, 8, Side::kBid, 1000, 100));
  book.insert(order(3, 7, Side::kOffer, 1500, 100));
  book.insert(order(4, 7, Side::kBid, 900, 100));
  std::vector<RestingOrder> cancelled;
  book.cancel_owner(7, Side::kBid, cancelled);
  ASSERT_EQ(cancelled.size(), 2u);
  EXPECT_EQ(cancelled[0].id, 1);
  EXPECT_EQ(cancelled[1].id, 4);
  EXPECT_TRUE(book.has_orders_of(7));
  cancelled.clear();
  book.cancel_owner(7, std::nullopt, cancelled);
  ASSERT_EQ(cancelled.size(), 1u);
  EXPECT_EQ(cancelled[0].id, 3);
  EXPECT_FALSE(book.has_orders_of(7));
  EXPECT_EQ(book.order_count(), 1u);
}

TEST(OrderBook, ClearReturnsEverythingById) {
  OrderBook book;
  book.insert(order(5, 1, Side::kBid, 1000, 100));
  book.insert(order(2, 2, Side::kOffer, 1100, 100));
  std::vector<RestingOrder> removed;
  book.clear(removed);
  ASSERT_EQ(removed.size(), 2u);
  EXPECT_EQ(removed[0].id, 2);
  EXPECT_EQ(book.order_count(), 0u);
  book.insert(order(6, 1, Side::kBid, 1000, 100));  // reusable after clearing
  EXPECT_EQ(book.best_bid(), px(1000));
}

TEST(OrderBook, SelfMatchIsNotPreventedByTheBook) {
  OrderBook book;
  book.insert(order(1, 1, Side::kBid, 1200, 100));
  std::vector<Fill> fills;
  book.match(Side::kOffer, px(1100), qty(50), fills);
  ASSERT_EQ(fills.size(), 1u);
  EXPECT_EQ(fills[0], (Fill{1, 1, Side::kBid, px(1200), qty(50), qty(50)}));
}

}  // namespace
}  // namespace exchange
