// Per-user rate limits (rules.md 14): a burst over the mutate limit is refused, costs nothing
// else, and other users keep trading.

#include <gtest/gtest.h>

#include <chrono>

#include "test_exchange.h"

namespace exchange::testing {
namespace {

TEST(RateLimits, BurstOverTheMutateLimitIsRefusedWhileOthersTrade) {
  TestExchange exchange;
  Trader teacher = exchange.user("teacher", true);
  Trader flooder = exchange.user("flooder");
  Trader calm = exchange.user("calm");
  ASSERT_TRUE(teacher->request(make_transfer(teacher.id, calm.id, 100)).has_transfer_created());
  const int64_t market = teacher->request(create_market("calm", 0, 10)).market().id();
  flooder->fence();

  constexpr int kBurst = 2000;  // the bucket holds 1000 and refills 100 per second
  const auto started = std::chrono::steady_clock::now();
  for (int i = 0; i < kBurst; ++i) {
    ClientMessage cancel = cancel_order(1'000'000 + i);
    cancel.set_request_id("flood-" + std::to_string(i));
    flooder->send(cancel);
  }
  const auto order = calm->request(create_order(market, websocket_api::BID, 1, 1));
  EXPECT_TRUE(order.has_order_created());
  int limited = 0, answered = 0;
  while (answered < kBurst) {
    const auto reply = flooder->next_matching([](auto& m) { return m.has_request_failed(); });
    ++answered;
    const auto& failure = reply.request_failed();
    EXPECT_EQ(failure.request_details().kind(), "CancelOrder");
    if (failure.error_details().message() == "Rate Limited") ++limited;
  }
  // The bucket's 1000 passed, plus what refilled while the burst lasted (slow under
  // sanitizers); everything beyond was refused.
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  const int most_passed = 1000 + int(100 * seconds) + 1;
  EXPECT_LE(limited, kBurst - 1000);
  EXPECT_GE(limited, kBurst - most_passed) << "burst took " << seconds << " s";
  // A refused request takes nothing: the flooder is limited, the calm user is not.
  EXPECT_TRUE(calm->request(create_order(market, websocket_api::BID, 1, 1)).has_order_created());
}

TEST(RateLimits, SudoAdminsUseTheLargerAdminBucket) {
  TestExchange exchange;
  Trader teacher = exchange.user("teacher", true);
  ASSERT_TRUE(teacher->request(set_sudo(true)).has_sudo_status());
  teacher->fence();
  constexpr int kBurst = 1100;
  for (int i = 0; i < kBurst; ++i) {
    ClientMessage cancel = cancel_order(1'000'000 + i);
    cancel.set_request_id("admin-" + std::to_string(i));
    teacher->send(cancel);
  }
  for (int i = 0; i < kBurst; ++i) {
    const auto reply = teacher->next_matching([](auto& m) { return m.has_request_failed(); });
    EXPECT_EQ(reply.request_failed().error_details().message(), "Order not found");
  }
}

TEST(RateLimits, ExpensiveRequestsAndTheirReportedKinds) {
  TestExchange exchange;
  Trader student = exchange.user("student");  // the login took one of 180
  int limited = 0;
  for (int i = 0; i < 185; ++i) {
    ClientMessage history;
    history.mutable_get_full_trade_history()->set_market_id(999);
    const auto reply = student->request(history);
    if (reply.request_failed().error_details().message() == "Rate Limited") ++limited;
  }
  EXPECT_GE(limited, 5);
  EXPECT_LE(limited, 7);
}

}  // namespace
}  // namespace exchange::testing
