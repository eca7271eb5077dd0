// The hostile classroom (issue 13): one student, Mallory, replays the attacks of the issue's
// items 1-6 against a running server; after each, an honest student still logs in, trades and
// receives every trade. Each test failed on the code before the fix it guards.

#include <gtest/gtest.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>

#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "raw_tcp.h"
#include "slow_consumer.h"
#include "test_exchange.h"

namespace exchange::testing {
namespace {

namespace asio = boost::asio;
namespace http = boost::beast::http;
using tcp = asio::ip::tcp;

std::string failure_message(const ServerMessage& message) {
  return message.request_failed().error_details().message();
}

// The honest student: funded by the teacher, buys `count` units one at a time from the
// teacher's offers, and must see each of its trades, and a watcher must see them too.
void honest_student_trades(TestExchange& exchange, Trader& teacher, int count = 5) {
  static int round = 0;
  const std::string suffix = std::to_string(++round);
  Trader honest = exchange.user("honest-" + suffix);
  Trader watcher = exchange.user("watcher-" + suffix);
  ASSERT_TRUE(teacher->request(make_transfer(teacher.id, honest.id, 1000)).has_transfer_created());
  const int64_t market =
      teacher->request(create_market("honest-market-" + suffix, 0, 100))
          .market()
          .id();
  for (int i = 0; i < count; ++i) {
    ASSERT_TRUE(teacher->request(create_order(market, websocket_api::OFFER, 10, 1)).has_order_created());
    const ServerMessage bought = honest->request(create_order(market, websocket_api::BID, 10, 1));
    ASSERT_TRUE(bought.has_order_created()) << bought.DebugString();
    EXPECT_EQ(bought.order_created().trades_size(), 1);
  }
  int seen = 0;
  while (seen < count) {
    const ServerMessage trade = watcher->next_matching([&](const ServerMessage& m) {
      return m.has_order_created() && m.order_created().market_id() == market &&
             m.order_created().trades_size() > 0;
    });
    seen += trade.order_created().trades_size();
  }
  EXPECT_EQ(seen, count);
}

app::Config hostile_config() {
  app::Config config;
  config.max_outbound_bytes = 64 << 10;  // small, so that a legal snapshot is larger
  config.max_connections_per_address = 16;
  config.password_cost = "minimum";
  return config;
}

// Items 1 and 2: strings of any length used to be accepted and kept, so 68 markets with 1 MB
// descriptions made every later snapshot overflow its queue: everyone locked out for good.
TEST(HostileClassroom, HugeStringsAreRefusedWithTheFieldAndItsLimit) {
  TestExchange exchange(hostile_config());
  Trader teacher = exchange.user("teacher", true);
  Trader mallory = exchange.user("mallory");
  const std::string huge(1'000'000, 'x');

  ClientMessage market = create_market("huge", 0, 10);
  market.mutable_create_market()->set_description(huge);
  const ServerMessage refused_market = mallory->request(market);
  EXPECT_EQ(failure_message(refused_market), "Description must be at most 10000 characters");

  ClientMessage alt;
  alt.mutable_create_account()->set_owner_id(mallory.id);
  alt.mutable_create_account()->set_name(huge);
  EXPECT_EQ(failure_message(mallory->request(alt)), "Account name must be at most 64 characters");

  const ServerMessage note = mallory->request(make_transfer(mallory.id, teacher.id, 0.0001, huge));
  EXPECT_EQ(failure_message(note), "Note must be at most 500 characters");

  ClientMessage long_id = create_market("fine", 0, 10);
  long_id.set_request_id(std::string(10'000, 'r'));
  mallory->send(long_id);
  const ServerMessage id_refused = mallory->next_matching(
      [](const ServerMessage& m) { return m.has_request_failed(); });
  EXPECT_EQ(failure_message(id_refused), "Request id must be at most 256 bytes");
  EXPECT_EQ(id_refused.request_id().size(), 256u);

  // A transfer to account 0 (the "Hidden" placeholder) used to succeed and the money vanished.
  const ServerMessage hidden = teacher->request(make_transfer(teacher.id, 0, 5));
  EXPECT_EQ(failure_message(hidden), "Account not found");

  honest_student_trades(exchange, teacher);
}

// Item 11: look-alike, invisible and decorated names were accepted, so a student could pass
// for another or for an official market.
TEST(HostileClassroom, NamesAreUniqueUpToCaseAndLookAlikesAndVisible) {
  TestExchange exchange(hostile_config());
  Trader teacher = exchange.user("teacher", true);
  Trader mallory = exchange.user("mallory");
  ASSERT_TRUE(teacher->request(create_market("Alpha", 0, 10)).has_market());
  for (const char* copy : {"ALPHA", "\xd0\xb0" "lpha" /* Cyrillic a */, "  Alpha  "}) {
    EXPECT_EQ(failure_message(mallory->request(create_market(copy, 0, 10))),
              "Market name already exists")
        << copy;
  }
  EXPECT_EQ(failure_message(mallory->request(create_market("Al\xe2\x80\x8b" "pha", 0, 10))),
            "Market name must not contain control or invisible characters");
  EXPECT_EQ(failure_message(mallory->request(create_market("\xe2\x80\xae" "ahplA", 0, 10))),
            "Market name must not contain control or invisible characters");
  EXPECT_EQ(
      failure_message(mallory->request(create_market("Z\xcc\x81\xcc\x82\xcc\x83\xcc\x84", 0, 10))),
      "Market name has too many combining marks");

  ClientMessage alt;
  alt.mutable_create_account()->set_owner_id(mallory.id);
  alt.mutable_create_account()->set_name("teacher ");
  EXPECT_EQ(failure_message(mallory->request(alt)), "Account name already exists");
  alt.mutable_create_account()->set_name("T\xd0\xb5" "acher");  // Cyrillic e
  EXPECT_EQ(failure_message(mallory->request(alt)), "Account name already exists");
  alt.mutable_create_account()->set_name("   ");
  EXPECT_EQ(failure_message(mallory->request(alt)), "Account name cannot be empty");
  alt.mutable_create_account()->set_name("mallory's bot");
  EXPECT_TRUE(mallory->request(alt).has_account_created());
  honest_student_trades(exchange, teacher);
}

// Item 1: a legal state whose snapshot is larger than the live queue limit still logs in.
TEST(HostileClassroom, ASnapshotLargerThanTheQueueLimitStillArrives) {
  TestExchange exchange(hostile_config());
  Trader teacher = exchange.user("teacher", true);
  Trader mallory = exchange.user("mallory");
  // 300 KB of descriptions: the live limit is 64 KiB.
  ASSERT_NO_FATAL_FAILURE(create_markets_with_long_descriptions(mallory, "big", 30));
  Trader late = exchange.user("late-student");
  size_t markets = 0;
  for (const ServerMessage& message : late.snapshot) markets += message.has_market() ? 1 : 0;
  EXPECT_EQ(markets, 30u);
  EXPECT_TRUE(late.snapshot.back().has_acting_as());
  honest_student_trades(exchange, teacher);
}

// Item 2: EditMarket was unlimited and broadcast to everyone.
TEST(HostileClassroom, EditMarketFloodIsRateLimited) {
  TestExchange exchange(hostile_config());
  Trader teacher = exchange.user("teacher", true);
  Trader mallory = exchange.user("mallory");
  const int64_t market = mallory->request(create_market("mine", 0, 10)).market().id();
  int limited = 0;
  for (int i = 0; i < 250; ++i) {
    ClientMessage edit;
    edit.set_request_id("edit-" + std::to_string(i));
    edit.mutable_edit_market()->set_id(market);
    edit.mutable_edit_market()->set_description(std::to_string(i));
    const ServerMessage answer = mallory->request(edit);
    if (answer.has_request_failed()) {
      EXPECT_EQ(failure_message(answer), "Rate Limited");
      ++limited;
    }
  }
  EXPECT_GT(limited, 0);
  honest_student_trades(exchange, teacher);
}

// Item 3: a fund could name a market its creator may not see.
TEST(HostileClassroom, AFundCannotNameAnInvisibleMarket) {
  TestExchange exchange(hostile_config());
  Trader teacher = exchange.user("teacher", true);
  Trader mallory = exchange.user("mallory");
  ClientMessage secret = create_market("secret", 3, 7);
  secret.mutable_create_market()->add_visible_to(teacher.id);
  const int64_t hidden = teacher->request(secret).market().id();
  const int64_t open = teacher->request(create_market("open", 0, 10)).market().id();

  auto fund_of = [](int64_t constituent) {
    ClientMessage fund = create_market("fund " + std::to_string(constituent), 0, 1);
    auto* part = fund.mutable_create_market()->add_redeemable_for();
    part->set_constituent_id(constituent);
    part->set_multiplier(1);
    return fund;
  };
  EXPECT_EQ(failure_message(mallory->request(fund_of(hidden))),
            failure_message(mallory->request(fund_of(999'999))));
  EXPECT_TRUE(mallory->request(fund_of(open)).has_market());
  honest_student_trades(exchange, teacher);
}

// Polls (for at most 30 s) what the server holds in its send queues until `enough` holds of
// it; the largest amount seen meanwhile.
size_t watch_queued_bytes(TestExchange& exchange, const std::function<bool(size_t)>& enough) {
  size_t largest = 0;
  const auto deadline = std::chrono::steady_clock::now() + 30s;
  for (;;) {
    const size_t held = exchange.server().server().queued_bytes();
    largest = std::max(largest, held);
    if (enough(held) || std::chrono::steady_clock::now() >= deadline) return largest;
    std::this_thread::sleep_for(10ms);
  }
}

// A connection the server has let go of: closed, and if a close frame got through (it may not:
// the client was not reading), with a slow-consumer reason.
void expect_dropped_as_slow(WsClient& client) {
  client.resume_reading();
  client.until_closed(30s);
  ASSERT_TRUE(client.closed());
  if (client.close_reason().first != 0) {
    EXPECT_EQ(client.close_reason().first, 1008);
    EXPECT_EQ(client.close_reason().second.rfind("slow consumer", 0), 0u)
        << client.close_reason().second;
  }
}

// Item 4: sockets were unlimited and unauthenticated WebSockets stayed open forever.
TEST(HostileClassroom, ConnectionsAreLimitedPerAddressAndLoginHasADeadline) {
  app::Config config = hostile_config();
  config.login_timeout = std::chrono::milliseconds(1500);
  TestExchange exchange(config);
  Trader teacher = exchange.user("teacher", true);
  asio::io_context io;
  std::vector<std::unique_ptr<tcp::socket>> held;
  for (int i = 0; i < 16; ++i) held.push_back(connect_from(io, "127.0.0.2", exchange.port()));
  auto refused = connect_from(io, "127.0.0.2", exchange.port());
  EXPECT_TRUE(closed_by_server(*refused));
  EXPECT_TRUE(served(*held.front()));  // the ones within the limit stay

  // Another address is not affected; a WebSocket that never logs in is closed in time.
  auto silent = exchange.connect();
  silent->until_closed(10s);
  ASSERT_TRUE(silent->closed());
  EXPECT_EQ(silent->close_reason().first, 1008);
  EXPECT_EQ(silent->close_reason().second, "Authenticate not received in time");

  held.clear();  // slots come back when connections close
  auto later = connect_from(io, "127.0.0.2", exchange.port());
  bool admitted = false;
  for (int attempt = 0; attempt < 50 && !admitted; ++attempt) {
    later = connect_from(io, "127.0.0.2", exchange.port());
    admitted = served(*later);
  }
  EXPECT_TRUE(admitted);
  honest_student_trades(exchange, teacher);
}

// Item 5: empty frames before login were each answered, unbounded, into a queue that counted
// only payload bytes.
TEST(HostileClassroom, InvalidFramesBeforeLoginEndTheConnection) {
  TestExchange exchange(hostile_config());
  Trader teacher = exchange.user("teacher", true);
  auto flooder = exchange.connect(/*read=*/false);
  for (int i = 0; i < 1000; ++i) flooder->send_raw("", true);
  flooder->resume_reading();
  const size_t answers = flooder->until_closed(10s).size();  // all of them: none come later
  ASSERT_TRUE(flooder->closed());
  EXPECT_EQ(flooder->close_reason().first, 1008);
  EXPECT_EQ(flooder->close_reason().second, "too many invalid messages before login");
  EXPECT_LE(answers, 10u);
  honest_student_trades(exchange, teacher);
}

// Item 1 again, as a slow reader: a client that stops reading is dropped even while its
// snapshots are within the bulk allowance, so it cannot park them in the server's memory.
TEST(HostileClassroom, AClientThatStopsReadingIsDroppedWithinTheLimits) {
  app::Config config = hostile_config();
  // Long enough that clients which read are never caught, even on a slow (sanitized) build.
  config.write_stall_timeout = std::chrono::milliseconds(2000);
  TestExchange exchange(config);
  Trader teacher = exchange.user("teacher", true);
  ASSERT_NO_FATAL_FAILURE(create_markets_with_long_descriptions(teacher, "bulk", 60));
  // Each SetSudo re-sends the 600 KB public snapshot: 90 MB, far more than the kernel's socket
  // buffers take in (when they take it all, the server holds nothing and has nothing to do).
  auto sleeper = connect_sleeper(exchange, "sleeper", 150);
  // The server holds what it cannot write, until the write-stall deadline: seen right away,
  // since anything done first (the honest student's trades, on a loaded machine) may outlast
  // the deadline, and the queue is empty again by then.
  constexpr size_t kLot = 8 << 20;
  EXPECT_GT(watch_queued_bytes(exchange, [&](size_t held) { return held > kLot; }), kLot);
  honest_student_trades(exchange, teacher);
  // Without the sleeper doing anything, the server lets go of what it held for it.
  watch_queued_bytes(exchange, [&](size_t held) { return held <= kLot; });
  EXPECT_LE(exchange.server().server().queued_bytes(), kLot);
  expect_dropped_as_slow(*sleeper);
}

// Many connections that do not read, each within its own limits, used to be able to hold
// their limits' worth of memory together (256 connections x 64 MiB).
TEST(HostileClassroom, ConnectionsThatDoNotReadCannotTogetherExhaustMemory) {
  app::Config config = hostile_config();
  config.max_outbound_bytes = 64 << 20;
  config.max_bulk_outbound_bytes = 64 << 20;
  config.max_queued_bytes = 32 << 20;  // over it, a connection holding 512 KiB is let go
  config.write_stall_timeout = std::chrono::milliseconds(2000);
  TestExchange exchange(config);
  Trader teacher = exchange.user("teacher", true);
  ASSERT_NO_FATAL_FAILURE(create_markets_with_long_descriptions(teacher, "bulk", 60));
  std::vector<std::unique_ptr<WsClient>> sleepers;
  for (int s = 0; s < 4; ++s) {
    sleepers.push_back(connect_sleeper(exchange, "sleeper" + std::to_string(s), 60));  // 36 MB
  }
  // 144 MB of re-sends in all, but the queues together never hold much more than the budget
  // (a frame or two past it, pushed concurrently on the two I/O threads), and end up empty.
  const size_t largest = watch_queued_bytes(exchange, [](size_t held) { return held <= 1 << 20; });
  EXPECT_LE(largest, (size_t{32} << 20) + (size_t{2} << 20));
  EXPECT_LE(exchange.server().server().queued_bytes(), size_t{1} << 20);
  // Those let go of saw a slow-consumer close, or none at all (they were not reading). One
  // whose re-sends all fit in the kernel's socket buffers costs the server nothing and may
  // stay: it answers a fence, while one let go of closes instead.
  size_t dropped = 0;
  for (auto& sleeper : sleepers) {
    sleeper->resume_reading();
    if (sleeper->fence_unless_closed(30s)) continue;
    ++dropped;
    if (sleeper->close_reason().first != 0) {
      EXPECT_EQ(sleeper->close_reason().second.rfind("slow consumer", 0), 0u);
    }
  }
  EXPECT_GE(dropped, 1u);
  honest_student_trades(exchange, teacher);
}

// Item 6: registrations were unthrottled and hashed on the pool that checks login tokens.
TEST(HostileClassroom, RegistrationFloodIsThrottledAndLoginsGoOn) {
  TestExchange exchange(hostile_config());
  Trader teacher = exchange.user("teacher", true);
  int throttled = 0;
  for (int i = 0; i < 60; ++i) {
    asio::io_context io;
    boost::beast::tcp_stream stream(io);
    stream.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), exchange.port()));
    http::request<http::string_body> request{http::verb::post, "/api/auth/register", 11};
    request.set(http::field::host, "127.0.0.1");
    request.set(http::field::content_type, "application/json");
    request.body() = "{\"name\":\"flood" + std::to_string(i) +
                     "\",\"password\":\"a long enough passphrase " + std::to_string(i) + "\"}";
    request.prepare_payload();
    http::write(stream, request);
    boost::beast::flat_buffer buffer;
    http::response<http::string_body> response;
    http::read(stream, buffer, response);
    if (response.result() == http::status::too_many_requests) ++throttled;
  }
  EXPECT_GT(throttled, 0);
  honest_student_trades(exchange, teacher);
}

}  // namespace
}  // namespace exchange::testing
