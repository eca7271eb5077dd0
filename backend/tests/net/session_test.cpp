// WebSocket sessions over real sockets: the login gate and RequestFailed answers of
// protocol.md 1.2 and 5.8, request forwarding and backpressure, deliveries, closing.

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "server_fixture.h"

namespace exchange::net::testing {
namespace {

using Control = messaging::SessionControl;

void expect_failed(const std::optional<websocket_api::ServerMessage>& message,
                   const std::string& kind, const std::string& text,
                   const std::string& request_id = "") {
  ASSERT_TRUE(message.has_value());
  ASSERT_TRUE(message->has_request_failed()) << message->DebugString();
  EXPECT_EQ(message->request_failed().request_details().kind(), kind);
  EXPECT_EQ(message->request_failed().error_details().message(), text);
  EXPECT_EQ(message->request_id(), request_id);
}

void expect_reply(const std::optional<websocket_api::ServerMessage>& message,
                  const std::string& request_id) {
  ASSERT_TRUE(message.has_value());
  EXPECT_EQ(message->request_id(), request_id) << message->DebugString();
}

using SessionTest = ServerTest;

TEST_F(SessionTest, TextFrameIsRefusedAndConnectionStays) {
  start();
  WsClient client(port_);
  ASSERT_TRUE(client.send_text("hello"));
  expect_failed(client.read(), "Unknown", "Expected Binary message");
  ASSERT_NE(login(client, "a1"), 0u);
  ASSERT_TRUE(client.send_text("hello again"));
  expect_failed(client.read(), "Unknown", "Expected Binary message");
}

TEST_F(SessionTest, GarbageBeforeLoginExpectsAuthenticate) {
  start();
  WsClient client(port_);
  ASSERT_TRUE(client.send_binary("\xff\xff\xff\xff garbage"));
  expect_failed(client.read(), "Unknown", "Expected Authenticate message");
  websocket_api::ClientMessage no_case;  // decodes, but no oneof case is set
  no_case.set_request_id("x1");
  ASSERT_TRUE(client.send(no_case));
  expect_failed(client.read(), "Unknown", "Expected Authenticate message");
}

TEST_F(SessionTest, RequestBeforeLoginExpectsAuthenticate) {
  start();
  WsClient client(port_);
  ASSERT_TRUE(client.send(act_as("r1")));
  expect_failed(client.read(), "Unknown", "Expected Authenticate message");
  EXPECT_EQ(sequencer_.logins(), 0u);
}

TEST_F(SessionTest, BadTokenFailsWithTheRequestIdAndAllowsRetry) {
  start();
  WsClient client(port_);
  ASSERT_TRUE(client.send(authenticate("bad", "a1")));
  expect_failed(client.read(), "Authenticate", "JWT validation failed", "a1");
  EXPECT_EQ(sequencer_.logins(), 0u);
  EXPECT_NE(login(client, "a2"), 0u);
}

TEST_F(SessionTest, RequestsAfterLoginAreForwardedInOrder) {
  start();
  WsClient client(port_);
  messaging::SessionId session = login(client, "a1");
  ASSERT_NE(session, 0u);
  std::vector<std::string> ids{"r1", "r2", "r3", "r4", "r5"};
  for (const auto& id : ids) ASSERT_TRUE(client.send(act_as(id)));
  for (size_t i = 0; i < ids.size(); ++i) {
    auto reply = client.read();
    expect_reply(reply, ids[i]);
    EXPECT_EQ(reply->acting_as().account_id(), static_cast<int64_t>(i + 1));
  }
  EXPECT_EQ(sequencer_.request_ids_of(session), ids);
}

TEST_F(SessionTest, RequestsPipelinedBehindAuthenticateWaitForTheLogin) {
  start();
  WsClient client(port_);
  ASSERT_TRUE(client.send(authenticate("good", "a1")));
  ASSERT_TRUE(client.send(act_as("r1")));
  ASSERT_TRUE(client.send(act_as("r2")));
  auto authenticated = client.read();
  ASSERT_TRUE(authenticated && authenticated->has_authenticated());
  expect_reply(client.read(), "r1");
  expect_reply(client.read(), "r2");
}

TEST_F(SessionTest, LoginRefusedBySequencerKeepsWaitingForAuthenticate) {
  start();
  WsClient client(port_);
  ASSERT_TRUE(client.send(authenticate("banned", "b1")));
  ASSERT_TRUE(client.send(act_as("r1")));  // pipelined behind the failing login
  expect_failed(client.read(), "Authenticate", "Account banned", "b1");
  expect_failed(client.read(), "Unknown", "Expected Authenticate message");
  EXPECT_NE(login(client, "a1"), 0u);
}

TEST_F(SessionTest, GarbageAfterLoginExpectsClientMessage) {
  start();
  WsClient client(port_);
  ASSERT_NE(login(client, "a1"), 0u);
  ASSERT_TRUE(client.send_binary("\xff\xff\xff\xff garbage"));
  expect_failed(client.read(), "Unknown", "Expected Client message");
  websocket_api::ClientMessage no_case;
  no_case.set_request_id("x1");
  ASSERT_TRUE(client.send(no_case));
  expect_failed(client.read(), "Unknown", "Expected Client message");
  ASSERT_TRUE(client.send(act_as("r1")));
  expect_reply(client.read(), "r1");
}

TEST_F(SessionTest, PingIsAnsweredWithoutError) {
  start();
  WsClient client(port_);
  ASSERT_TRUE(client.ping());
  ASSERT_TRUE(client.send_text("marker"));
  // The first message after the ping is the answer to the text frame.
  expect_failed(client.read(), "Unknown", "Expected Binary message");
}

TEST_F(SessionTest, EveryoneDeliveryReachesLoggedInSessionsExceptExcluded) {
  start();
  WsClient a(port_), b(port_), c(port_);
  messaging::SessionId a_id = login(a, "a"), b_id = login(b, "b");
  ASSERT_NE(a_id, 0u);
  ASSERT_NE(b_id, 0u);
  ASSERT_TRUE(c.send(act_as("c0")));  // c stays logged out; learn nothing from its answer
  expect_failed(c.read(), "Unknown", "Expected Authenticate message");

  messaging::Outbox outbox;
  outbox.items.push_back(messaging::Delivery{true, {b_id}, frame_with_request_id("everyone")});
  deliver(std::move(outbox));
  // A marker delivered to all three afterwards shows what each received before it.
  messaging::Outbox marker;
  marker.items.push_back(messaging::Delivery{true, {}, frame_with_request_id("marker")});
  deliver(std::move(marker));
  expect_reply(a.read(), "everyone");
  expect_reply(a.read(), "marker");
  expect_reply(b.read(), "marker");

  // c is not logged in: only a direct delivery reaches it. Its id is unknown to the test, so
  // address every id the server has handed out around it.
  messaging::Outbox direct;
  std::vector<messaging::SessionId> ids;
  for (messaging::SessionId id = 1; id < b_id + 10; ++id) ids.push_back(id);
  direct.items.push_back(messaging::Delivery{false, ids, frame_with_request_id("direct")});
  deliver(std::move(direct));
  expect_reply(c.read(), "direct");
  expect_reply(a.read(), "direct");
}

TEST_F(SessionTest, CloseControlFlushesPrecedingFramesFirst) {
  start();
  WsClient client(port_);
  messaging::SessionId session = login(client, "a1");
  ASSERT_NE(session, 0u);
  messaging::Outbox outbox;
  outbox.items.push_back(messaging::Delivery{false, {session}, frame_with_request_id("last")});
  outbox.items.push_back(Control{session, Control::Kind::kClose, 0, "account deleted"});
  outbox.items.push_back(messaging::Delivery{false, {session}, frame_with_request_id("dropped")});
  deliver(std::move(outbox));
  expect_reply(client.read(), "last");
  EXPECT_FALSE(client.read().has_value());
  EXPECT_FALSE(client.timed_out());
  EXPECT_EQ(client.close_code(), 1008);
  EXPECT_EQ(client.close_reason(), "account deleted");
  EXPECT_TRUE(wait_until([&] { return sequencer_.closed_count(session) == 1; }));
}

// A request id that makes frame_with_request_id() exactly `frame_size` bytes long.
std::string request_id_for_frame_size(const std::string& prefix, size_t frame_size) {
  for (size_t length = frame_size; length > 0; --length) {
    std::string id = prefix + std::string(length - std::min(length, prefix.size()), 'b');
    if (frame_with_request_id(id)->size() == frame_size) return id;
  }
  ADD_FAILURE() << "no request id gives a frame of " << frame_size << " bytes";
  return prefix;
}

TEST_F(SessionTest, BurstOfFramesOfMixedSizesArrivesWholeAndInOrder) {
  // Writes are coalesced below the WebSocket layer; frames around and above the coalescing
  // limit must still arrive intact, in order, and before the close that follows them.
  start();
  WsClient client(port_);
  messaging::SessionId session = login(client, "burst");
  ASSERT_NE(session, 0u);
  messaging::Outbox outbox;
  std::vector<std::string> sent;
  for (int i = 0; i < 300; ++i) {
    const size_t size = i % 50 == 7 ? (100 << 10) + size_t(i) : size_t(1 + i * 37 % 3000);
    sent.push_back(std::to_string(i) + ":" + std::string(size, char('a' + i % 26)));
    if (i % 30 == 3) {
      // Frames whose whole size sits on each boundary of the header's three length forms.
      static const size_t kBoundaries[] = {125, 126, 127, 65535, 65536, 65537};
      sent.back() = request_id_for_frame_size(std::to_string(i) + ":",
                                              kBoundaries[(i / 30) % std::size(kBoundaries)]);
    }
    outbox.items.push_back(messaging::Delivery{false, {session}, frame_with_request_id(sent.back())});
  }
  outbox.items.push_back(Control{session, Control::Kind::kClose, 0, "end of burst"});
  deliver(std::move(outbox));
  for (const std::string& expected : sent) {
    const auto message = client.read();
    ASSERT_TRUE(message.has_value()) << "missing " << expected.substr(0, expected.find(':'));
    ASSERT_EQ(message->request_id(), expected);
  }
  EXPECT_FALSE(client.read().has_value());
  EXPECT_EQ(client.close_code(), 1008);
  EXPECT_EQ(client.close_reason(), "end of burst");
}

TEST_F(SessionTest, SlowConsumerIsClosedWhileOthersKeepReceiving) {
  ServerOptions options = default_options();
  options.max_outbound_queue_bytes = 256 << 10;
  start(options);
  WsClient slow(port_, /*receive_buffer_bytes=*/4096);
  WsClient fast(port_);
  messaging::SessionId slow_id = login(slow, "slow"), fast_id = login(fast, "fast");
  ASSERT_NE(slow_id, 0u);
  ASSERT_NE(fast_id, 0u);

  // 32 MiB: far beyond the socket buffers plus the queue limit.
  websocket_api::ServerMessage payload;
  payload.set_request_id(std::string(64 << 10, 'x'));
  auto frame = std::make_shared<const std::string>(payload.SerializeAsString());
  for (int i = 0; i < 512; ++i) {
    messaging::Outbox outbox;
    outbox.items.push_back(messaging::Delivery{false, {slow_id, fast_id}, frame});
    deliver(std::move(outbox));
    auto received = fast.read_frame();
    ASSERT_TRUE(received.has_value()) << "fast client lost at frame " << i;
    ASSERT_EQ(received->bytes.size(), frame->size());
  }

  // Now the slow client reads: what the kernel buffered, then the close frame.
  size_t frames = 0;
  while (slow.read_frame()) ++frames;
  EXPECT_LT(frames, 512u);
  EXPECT_FALSE(slow.timed_out());
  EXPECT_EQ(slow.close_code(), 1008);
  EXPECT_EQ(slow.close_reason(), "slow consumer: outbound queue full");
  EXPECT_TRUE(wait_until([&] { return sequencer_.closed_count(slow_id) == 1; }));

  ASSERT_TRUE(fast.send(act_as("still here")));
  expect_reply(fast.read(), "still here");
  EXPECT_EQ(server_->session_count(), 1u);
}

TEST_F(SessionTest, SlowConsumerThatNeverReadsIsDroppedAfterTheCloseTimeout) {
  ServerOptions options = default_options();
  options.max_outbound_queue_bytes = 256 << 10;
  start(options);
  WsClient slow(port_, /*receive_buffer_bytes=*/4096);
  messaging::SessionId slow_id = login(slow, "slow");
  ASSERT_NE(slow_id, 0u);

  websocket_api::ServerMessage payload;
  payload.set_request_id(std::string(64 << 10, 'x'));
  auto frame = std::make_shared<const std::string>(payload.SerializeAsString());
  for (int i = 0; i < 512; ++i) {
    messaging::Outbox outbox;
    outbox.items.push_back(messaging::Delivery{false, {slow_id}, frame});
    deliver(std::move(outbox));
  }
  // The close frame can never be written; the server drops the socket on its own.
  EXPECT_TRUE(
      wait_until([&] { return sequencer_.closed_count(slow_id) == 1; }, std::chrono::seconds(10)));
  EXPECT_EQ(server_->session_count(), 0u);
  while (slow.read_frame()) {
  }
  EXPECT_FALSE(slow.timed_out());
}

TEST_F(SessionTest, OversizedFrameClosesOnlyThatConnection) {
  ServerOptions options = default_options();
  options.max_inbound_message_bytes = 64 << 10;
  start(options);
  WsClient big(port_), other(port_);
  messaging::SessionId big_id = login(big, "big");
  ASSERT_NE(big_id, 0u);
  ASSERT_NE(login(other, "other"), 0u);

  EXPECT_TRUE(big.send_binary(std::string(128 << 10, 'x')));
  EXPECT_FALSE(big.read().has_value());
  EXPECT_EQ(big.close_code(), 1009)
      << "timed out: " << big.timed_out() << ", error: " << big.error();
  EXPECT_TRUE(wait_until([&] { return sequencer_.closed_count(big_id) == 1; }));

  ASSERT_TRUE(other.send(act_as("r1")));
  expect_reply(other.read(), "r1");
}

TEST_F(SessionTest, ReadingPausesWhileTooManyRequestsAreInFlight) {
  ServerOptions options = default_options();
  options.max_requests_in_flight = 2;
  start(options);
  WsClient client(port_);
  messaging::SessionId session = login(client, "a1");
  ASSERT_NE(session, 0u);

  sequencer_.hold_requests(true);
  std::vector<std::string> ids{"r1", "r2", "r3", "r4", "r5"};
  for (const auto& id : ids) ASSERT_TRUE(client.send(act_as(id)));
  EXPECT_TRUE(wait_until([&] { return sequencer_.request_ids_of(session).size() == 2; }));
  // Not a timing threshold: only a window in which a third read would have shown up.
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  EXPECT_EQ(sequencer_.request_ids_of(session).size(), 2u);

  sequencer_.hold_requests(false);
  for (const auto& id : ids) expect_reply(client.read(), id);
  EXPECT_EQ(sequencer_.request_ids_of(session), ids);
}

TEST_F(SessionTest, EveryConnectionEndIsReportedOnce) {
  start();
  messaging::SessionId graceful_id, dropped_id;
  {
    WsClient graceful(port_), dropped(port_), anonymous(port_);
    graceful_id = login(graceful, "graceful");
    dropped_id = login(dropped, "dropped");
    ASSERT_NE(graceful_id, 0u);
    ASSERT_NE(dropped_id, 0u);
    EXPECT_EQ(server_->session_count(), 3u);
    EXPECT_TRUE(graceful.close());
  }  // the other two drop their TCP connections
  EXPECT_TRUE(wait_until([&] { return server_->session_count() == 0; }));
  EXPECT_TRUE(wait_until([&] { return sequencer_.closed_counts().size() == 3; }));
  auto closed = sequencer_.closed_counts();
  EXPECT_EQ(closed[graceful_id], 1);
  EXPECT_EQ(closed[dropped_id], 1);
  for (const auto& [session, count] : closed) EXPECT_EQ(count, 1);
}

TEST_F(SessionTest, StopClosesOpenSessionsWithGoingAway) {
  start();
  WsClient a(port_), b(port_), c(port_);
  ASSERT_NE(login(a, "a"), 0u);
  ASSERT_NE(login(b, "b"), 0u);
  sequencer_.hold_requests(true);
  ASSERT_TRUE(b.send(act_as("pending")));  // b's request is never answered

  // a reads along (and so answers the close); b and c do not read until stop() returns.
  std::thread reader([&] {
    while (a.read_frame()) {
    }
  });
  server_->stop();
  reader.join();
  EXPECT_EQ(a.close_code(), 1001);
  EXPECT_FALSE(b.read_frame().has_value());
  EXPECT_EQ(b.close_code(), 1001);
  EXPECT_FALSE(c.read_frame().has_value());
  EXPECT_EQ(c.close_code(), 1001);
  EXPECT_EQ(server_->session_count(), 0u);
  server_->stop();  // a second stop is harmless
  EXPECT_TRUE(wait_until([&] { return sequencer_.closed_counts().size() == 3; }));
}

}  // namespace
}  // namespace exchange::net::testing
