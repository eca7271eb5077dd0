#pragma once
// A client that never reads, made to owe the server more bytes than the kernel can hold for it.
//
// The socket buffers between the server and a client that does not read can hold megabytes: on
// Linux the server's send buffer grows towards net.ipv4.tcp_wmem's maximum (4 MiB by default)
// as the connection's window grows, and how far it grows depends on timing. Re-sends that fit
// there cost the server nothing, so the server rightly keeps such a client. A test of the
// slow-consumer close must therefore offer several times that much, or it passes or fails by
// how the kernel tuned the connection. It did: a public state of 100 orders (~4.6 KB) re-sent
// 180 times, with 220 refusals, ~0.9 MB in all, was now and then taken whole by the kernel.

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "test_exchange.h"

namespace exchange::testing {

// `count` markets created by `creator`, each with a description at the 10,000-character limit:
// a legal state whose public snapshot is `count` x 10 KB.
inline void create_markets_with_long_descriptions(Trader& creator, const std::string& prefix,
                                                  int count) {
  const std::string description(10'000, 'd');
  for (int i = 0; i < count; ++i) {
    ClientMessage market = create_market(prefix + " " + std::to_string(i), 0, 10);
    market.mutable_create_market()->set_description(description);
    ASSERT_TRUE(creator->request(market).has_market());
  }
}

// Markets with long descriptions that make each re-send of the public state ~80 KB.
inline constexpr int kLongDescriptionMarkets = 8;
// SetSudo re-sends the public state and costs an expensive rate-limit unit: a student's burst
// is 180, so 180 re-sends of ~80 KB, ~14 MB, three times what the kernel can hold. Past the
// burst the requests are refused with a short RequestFailed each.
inline constexpr int kSleeperResendRequests = 400;

// Adds the long-described markets to the public state; returns a market with a 100-order book.
inline int64_t make_public_state_heavy(Trader& teacher) {
  create_markets_with_long_descriptions(teacher, "heavy", kLongDescriptionMarkets);
  const int64_t market = teacher->request(create_market("busy", 0, 1000)).market().id();
  for (int i = 1; i <= 100; ++i) {
    EXPECT_TRUE(teacher->request(create_order(market, websocket_api::BID, i, 1)).has_order_created());
  }
  return market;
}

// A logged-in client that does not read (until resume_reading()) and has asked for the public
// state `resends` times.
inline std::unique_ptr<WsClient> connect_sleeper(TestExchange& exchange, const std::string& name,
                                                 int resends = kSleeperResendRequests) {
  auto sleeper = exchange.connect(/*read=*/false);
  ClientMessage login;
  login.mutable_authenticate()->set_jwt(test_token(name));
  sleeper->send(login);
  for (int i = 0; i < resends; ++i) sleeper->send(set_sudo(false));
  return sleeper;
}

}  // namespace exchange::testing
