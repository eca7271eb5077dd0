// Bad input and slow clients never disturb other connections (issue 3 "Network").

#include <gtest/gtest.h>

#include <random>

#include "slow_consumer.h"
#include "test_exchange.h"

namespace exchange::testing {
namespace {

std::string failure_text(const ServerMessage& message) {
  return message.request_failed().request_details().kind() + ": " +
         message.request_failed().error_details().message();
}

TEST(Robustness, GarbageFramesGetAnswersAndTheSessionSurvives) {
  TestExchange exchange;
  Trader teacher = exchange.user("teacher", true);
  const int64_t market = teacher->request(create_market("steady", 0, 10)).market().id();

  auto noisy = exchange.connect();
  noisy->send_raw("hello", false);
  EXPECT_EQ(failure_text(noisy->next()), "Unknown: Expected Binary message");
  std::mt19937 rng(3);
  // Fewer than max_refusals_before_login (10) mistakes: each is answered, the socket stays.
  for (int i = 0; i < 8; ++i) {
    std::string bytes(1 + rng() % 64, '\0');
    for (char& c : bytes) c = char(rng());
    noisy->send_raw(bytes, true);
    const ServerMessage reply = noisy->next();
    EXPECT_EQ(failure_text(reply), "Unknown: Expected Authenticate message");
    EXPECT_TRUE(reply.request_id().empty());
  }
  ASSERT_TRUE(noisy->login(test_token("noisy")).back().has_acting_as());
  noisy->send_raw(std::string("\xff\xff\xff", 3), true);
  EXPECT_EQ(failure_text(noisy->next()), "Unknown: Expected Client message");
  noisy->send_raw("still text", false);
  EXPECT_EQ(failure_text(noisy->next()), "Unknown: Expected Binary message");
  ClientMessage empty;  // decodes, but no request in it
  empty.set_request_id("nothing");
  noisy->send(empty);
  const ServerMessage nothing = noisy->next();
  EXPECT_EQ(failure_text(nothing), "Unknown: Expected Client message");
  EXPECT_TRUE(nothing.request_id().empty());

  // Meanwhile the exchange keeps working for everyone, the noisy client included.
  EXPECT_TRUE(teacher->request(create_order(market, websocket_api::BID, 1, 1)).has_order_created());
  EXPECT_TRUE(noisy->request(set_sudo(false)).has_sudo_status());
}

TEST(Robustness, OversizedFrameClosesOnlyThatConnection) {
  app::Config config;
  config.max_message_bytes = 64 << 10;
  TestExchange exchange(config);
  Trader teacher = exchange.user("teacher", true);
  auto big = exchange.connect();
  ClientMessage huge = create_market(std::string(100 << 10, 'x'), 0, 1);
  big->send(huge);
  EXPECT_TRUE(big->until_closed(10s).empty());  // no answer, only the close
  EXPECT_TRUE(big->closed());
  EXPECT_TRUE(teacher->request(create_market("fine", 0, 1)).has_market());
}

TEST(Robustness, AClientThatNeverReadsIsDisconnectedAndOthersCarryOn) {
  app::Config config;
  config.max_outbound_bytes = 256 << 10;
  config.max_bulk_outbound_bytes = 256 << 10;
  TestExchange exchange(config);
  Trader teacher = exchange.user("teacher", true);
  const int64_t market = make_public_state_heavy(teacher);
  // Each SetSudo re-sends the public data to the sleeper, which never reads: its queue passes
  // the limit and the server lets it go.
  auto sleeper = connect_sleeper(exchange, "sleeper");

  for (int i = 0; i < 20; ++i) {  // the others are served as usual meanwhile
    EXPECT_TRUE(teacher->request(create_order(market, websocket_api::OFFER, 999, 1)).has_order_created());
  }
  sleeper->resume_reading();
  sleeper->until_closed(10s);
  ASSERT_TRUE(sleeper->closed());
  EXPECT_EQ(sleeper->close_reason().first, 1008);
  EXPECT_NE(sleeper->close_reason().second.find("slow consumer"), std::string::npos);
  EXPECT_TRUE(teacher->request(create_market("after", 0, 1)).has_market());
}

}  // namespace
}  // namespace exchange::testing
