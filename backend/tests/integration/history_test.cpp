// Full order and trade histories (protocol.md 3.3.11-3.3.12, rules.md 13).

#include <gtest/gtest.h>

#include "test_exchange.h"

namespace exchange::testing {
namespace {

ClientMessage order_history(int64_t market) {
  ClientMessage message;
  message.mutable_get_full_order_history()->set_market_id(market);
  return message;
}

ClientMessage trade_history(int64_t market) {
  ClientMessage message;
  message.mutable_get_full_trade_history()->set_market_id(market);
  return message;
}

TEST(History, OrdersWithSizeHistoryAndTradesInIdOrder) {
  TestExchange exchange;
  Trader teacher = exchange.user("teacher", true);
  Trader student = exchange.user("student");
  ASSERT_TRUE(teacher->request(make_transfer(teacher.id, student.id, 100)).has_transfer_created());
  const int64_t market = teacher->request(create_market("history", 0, 10)).market().id();
  const auto bid = teacher->request(create_order(market, websocket_api::BID, 4, 3));
  const int64_t bid_id = bid.order_created().order().id();
  ASSERT_TRUE(student->request(create_order(market, websocket_api::OFFER, 4, 1)).has_order_created());
  ASSERT_TRUE(student->request(create_order(market, websocket_api::OFFER, 3, 1)).has_order_created());
  ASSERT_TRUE(teacher->request(cancel_order(bid_id)).has_orders_cancelled());
  // Fully filled on arrival: never stored as an order.
  ASSERT_TRUE(teacher->request(create_order(market, websocket_api::OFFER, 9, 2)).has_order_created());
  ASSERT_TRUE(student->request(create_order(market, websocket_api::BID, 9, 2)).has_order_created());

  const auto orders = student->request(order_history(market));
  ASSERT_TRUE(orders.has_orders()) << orders.DebugString();
  EXPECT_TRUE(orders.orders().hasfullhistory());
  ASSERT_EQ(orders.orders().orders_size(), 2);  // the bid and the offer at 9
  const auto& history = orders.orders().orders(0);
  EXPECT_EQ(history.id(), bid_id);
  EXPECT_EQ(history.size(), 0);
  std::vector<double> sizes;
  int64_t previous = 0;
  for (const auto& size : history.sizes()) {
    sizes.push_back(size.size());
    EXPECT_GT(size.transaction_id(), previous);
    previous = size.transaction_id();
  }
  EXPECT_EQ(sizes, (std::vector<double>{3, 2, 1, 0}));
  EXPECT_EQ(orders.orders().orders(1).size(), 0);  // filled by the student's bid

  const auto trades = student->request(trade_history(market));
  ASSERT_TRUE(trades.has_trades());
  EXPECT_TRUE(trades.trades().hasfullhistory());
  ASSERT_EQ(trades.trades().trades_size(), 3);
  EXPECT_LT(trades.trades().trades(0).id(), trades.trades().trades(1).id());
  EXPECT_EQ(trades.trades().trades(2).price(), 9);
  EXPECT_TRUE(trades.trades().trades(2).buyer_is_taker());

  const auto missing = student->request(order_history(999));
  EXPECT_EQ(missing.request_failed().request_details().kind(), "GetFullTradeHistory");
  EXPECT_EQ(missing.request_failed().error_details().message(), "Market not found");
  const auto missing_trades = student->request(trade_history(999));
  EXPECT_EQ(missing_trades.request_failed().request_details().kind(), "GetFullTradeHistory");
}

}  // namespace
}  // namespace exchange::testing
