// Prometheus metrics (issue 20): /metrics on its own loopback port, scraped while the real
// server trades, counts requests by kind and outcome, rate-limit refusals, orders, trades,
// transfers, batches, logins and connections, per cohort; the public port does not serve it.

#include <gtest/gtest.h>

#include <chrono>
#include <functional>
#include <map>
#include <sstream>
#include <string>
#include <thread>

#include "http_request.h"
#include "slow_consumer.h"
#include "test_exchange.h"

namespace exchange::testing {
namespace {

namespace http = boost::beast::http;
const std::string kAdmin = "test::teacher::Teacher::true";

// One scrape: every sample by its series, written as the exposition format does
// (name{label="value",...}, labels sorted by name, as prometheus-cpp writes them).
class Scrape {
 public:
  explicit Scrape(uint16_t port) {
    const HttpAnswer answer = http_call(port, http::verb::get, "/metrics", "");
    EXPECT_EQ(answer.result_int(), 200);
    text_ = answer.body();
    std::istringstream lines(text_);
    std::string line;
    while (std::getline(lines, line)) {
      if (line.empty() || line[0] == '#') continue;
      const size_t space = line.rfind(' ');
      if (space == std::string::npos) continue;
      samples_[line.substr(0, space)] = std::stod(line.substr(space + 1));
    }
  }

  // The sample's value; 0 when absent (a counter not created counts nothing).
  double operator()(const std::string& name,
                    const std::map<std::string, std::string>& labels = {}) const {
    auto it = samples_.find(series(name, labels));
    return it == samples_.end() ? 0 : it->second;
  }
  bool has(const std::string& name, const std::map<std::string, std::string>& labels = {}) const {
    return samples_.contains(series(name, labels));
  }
  const std::string& text() const { return text_; }

 private:
  static std::string series(const std::string& name,
                            const std::map<std::string, std::string>& labels) {
    if (labels.empty()) return name;
    std::string key = name + "{";
    for (const auto& [label, value] : labels) {
      if (key.back() != '{') key += ",";
      key += label + "=\"" + value + "\"";
    }
    return key + "}";
  }

  std::string text_;
  std::map<std::string, double> samples_;
};

double requests(const Scrape& scrape, const std::string& kind, const std::string& outcome,
                const std::string& cohort = "main") {
  return scrape("exchange_requests_total", {{"cohort", cohort}, {"kind", kind}, {"outcome", outcome}});
}

app::Config with_metrics() {
  app::Config config;
  config.metrics_listen = "127.0.0.1:0";  // any free port
  return config;
}

// Scrapes until `done` holds (for what the server counts after the client saw its effect, such
// as a closed connection); fails the test after `timeout`, an upper bound, not a wait.
Scrape scrape_until(uint16_t port, const std::function<bool(const Scrape&)>& done,
                    std::chrono::milliseconds timeout = 5s) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    Scrape scrape(port);
    if (done(scrape) || std::chrono::steady_clock::now() > deadline) return scrape;
    std::this_thread::yield();
  }
}

TEST(Metrics, CountersMoveWithTradingAndRateLimits) {
  TestExchange exchange(with_metrics());
  const uint16_t port = exchange.server().metrics_port();
  ASSERT_NE(port, 0);
  ASSERT_NE(port, exchange.port());
  const Scrape before(port);
  // Every kind of the table has its series from the start, at zero.
  EXPECT_TRUE(before.has("exchange_requests_total",
                         {{"cohort", "main"}, {"kind", "CreateOrder"}, {"outcome", "ok"}}))
      << before.text();
  EXPECT_EQ(requests(before, "CreateOrder", "ok"), 0);
  EXPECT_GT(before("exchange_start_time_seconds"), 0);

  Trader teacher = exchange.user("teacher", true);
  Trader alice = exchange.user("alice");
  Trader bob = exchange.user("bob");
  ASSERT_TRUE(teacher->request(make_transfer(teacher.id, alice.id, 100)).has_transfer_created());
  ASSERT_TRUE(teacher->request(make_transfer(teacher.id, bob.id, 100)).has_transfer_created());
  const int64_t market = teacher->request(create_market("metrics", 0, 10)).market().id();
  ASSERT_TRUE(alice->request(create_order(market, websocket_api::BID, 5, 2)).has_order_created());
  ASSERT_TRUE(bob->request(create_order(market, websocket_api::OFFER, 5, 1)).has_order_created());
  ASSERT_TRUE(bob->request(create_order(999'999, websocket_api::OFFER, 5, 1)).has_request_failed());

  // A burst over the mutate limit: what the clients saw refused is what the metrics count.
  constexpr int kBurst = 1500;  // the bucket holds 1000
  for (int i = 0; i < kBurst; ++i) {
    ClientMessage cancel = cancel_order(1'000'000 + i);
    cancel.set_request_id("flood-" + std::to_string(i));
    alice->send(cancel);
  }
  int limited = 0;
  for (int i = 0; i < kBurst; ++i) {
    const auto reply = alice->next_matching([](auto& m) { return m.has_request_failed(); });
    if (reply.request_failed().error_details().message() == "Rate Limited") ++limited;
  }
  ASSERT_GT(limited, 0);

  const Scrape after(port);
  EXPECT_EQ(requests(after, "Authenticate", "ok"), 3);
  EXPECT_EQ(requests(after, "MakeTransfer", "ok"), 2);
  EXPECT_EQ(requests(after, "CreateMarket", "ok"), 1);
  EXPECT_EQ(requests(after, "CreateOrder", "ok"), 2);
  EXPECT_EQ(requests(after, "CreateOrder", "failed"), 1);
  EXPECT_EQ(requests(after, "CancelOrder", "rate_limited"), limited);
  EXPECT_EQ(requests(after, "CancelOrder", "failed"), kBurst - limited);  // Order not found
  EXPECT_EQ(after("exchange_rate_limit_refusals_total", {{"cohort", "main"}}), limited);
  EXPECT_EQ(after("exchange_orders_total", {{"cohort", "main"}}), 2);
  EXPECT_EQ(after("exchange_trades_total", {{"cohort", "main"}}), 1);
  EXPECT_EQ(after("exchange_transfers_total", {{"cohort", "main"}}), 2);
  EXPECT_EQ(after("exchange_failed_commits_total", {{"cohort", "main"}}), 0);

  // Histograms: one observation per batch, per login.
  const double batches = after("exchange_batch_size_count", {{"cohort", "main"}});
  EXPECT_GT(batches, 0);
  EXPECT_EQ(after("exchange_commit_duration_seconds_count", {{"cohort", "main"}}), batches);
  EXPECT_EQ(after("exchange_sequencer_queue_depth_count", {{"cohort", "main"}}), batches);
  // Every input was in one batch: logins, requests (the fences' too) and nothing else here.
  EXPECT_GE(after("exchange_batch_size_sum", {{"cohort", "main"}}), 3 + 2 + 1 + 3 + kBurst);
  EXPECT_GE(after("exchange_batch_size_bucket", {{"cohort", "main"}, {"le", "+Inf"}}), batches);
  EXPECT_EQ(after("exchange_login_snapshot_bytes_count", {{"cohort", "main"}}), 3);
  EXPECT_GT(after("exchange_login_snapshot_bytes_sum", {{"cohort", "main"}}), 0);

  // Connections: the three open sockets, all logged in.
  EXPECT_EQ(after("exchange_websocket_sessions", {{"cohort", "main"}}), 3);
  EXPECT_EQ(after("exchange_logged_in_sessions", {{"cohort", "main"}}), 3);
  EXPECT_GE(after("exchange_connections"), 3);
  bob.client.reset();
  const Scrape closed = scrape_until(port, [](const Scrape& scrape) {
    return scrape("exchange_websocket_sessions", {{"cohort", "main"}}) == 2;
  });
  EXPECT_EQ(closed("exchange_websocket_sessions", {{"cohort", "main"}}), 2);
}

TEST(Metrics, SlowConsumerDisconnectsAreCounted) {
  app::Config config = with_metrics();
  config.max_outbound_bytes = 256 << 10;
  config.max_bulk_outbound_bytes = 256 << 10;
  TestExchange exchange(config);
  const uint16_t port = exchange.server().metrics_port();
  Trader teacher = exchange.user("teacher", true);
  make_public_state_heavy(teacher);
  // As in robustness_test: re-sent public data piles up for a client that never reads.
  auto sleeper = connect_sleeper(exchange, "sleeper");
  sleeper->resume_reading();
  sleeper->until_closed(10s);
  ASSERT_TRUE(sleeper->closed());

  // Counted before the close frame was sent.
  const Scrape scrape(port);
  double disconnects = 0;
  for (const char* reason : {"queue_full", "server_full", "not_reading"}) {
    disconnects += scrape("exchange_slow_consumer_disconnects_total",
                          {{"cohort", "main"}, {"reason", reason}});
  }
  EXPECT_EQ(disconnects, 1) << scrape.text();
  const Scrape later = scrape_until(port, [](const Scrape& s) {
    return s("exchange_websocket_sessions", {{"cohort", "main"}}) == 1;
  });
  EXPECT_EQ(later("exchange_websocket_sessions", {{"cohort", "main"}}), 1);  // the teacher
}

TEST(Metrics, EachCohortHasItsOwnSeries) {
  TestExchange exchange(with_metrics());
  const uint16_t port = exchange.server().metrics_port();
  ASSERT_EQ(http_call(exchange.port(), http::verb::get, "/api/cohorts", kAdmin).result_int(), 200);
  ASSERT_EQ(http_call(exchange.port(), http::verb::post, "/api/admin/cohorts", kAdmin,
                      R"({"name":"blue","display_name":"Class blue"})")
                .result_int(),
            200);
  Trader teacher = exchange.user("teacher", true, "blue");
  const int64_t market = teacher->request(create_market("blue market", 0, 10)).market().id();
  ASSERT_TRUE(teacher->request(create_order(market, websocket_api::BID, 1, 1)).has_order_created());

  const Scrape scrape(port);
  EXPECT_EQ(scrape("exchange_orders_total", {{"cohort", "blue"}}), 1) << scrape.text();
  EXPECT_EQ(scrape("exchange_orders_total", {{"cohort", "main"}}), 0);
  EXPECT_EQ(requests(scrape, "CreateMarket", "ok", "blue"), 1);
  EXPECT_EQ(requests(scrape, "CreateMarket", "ok", "main"), 0);
  EXPECT_EQ(scrape("exchange_websocket_sessions", {{"cohort", "blue"}}), 1);
}

TEST(Metrics, NotOnThePublicPortNorOnUnlessAsked) {
  {
    TestExchange exchange(with_metrics());
    const HttpAnswer answer = http_call(exchange.port(), http::verb::get, "/metrics", "");
    EXPECT_EQ(answer.body().find("exchange_requests_total"), std::string::npos);
    EXPECT_NE(answer.result_int(), 200);
  }
  TestExchange exchange;  // a server built in-process serves no metrics by default
  EXPECT_EQ(exchange.server().metrics_port(), 0);
  EXPECT_NE(http_call(exchange.port(), http::verb::get, "/metrics", "").result_int(), 200);
}

// Several exchanges on one machine (tests, or processes sharing a data directory) would all
// want the default port: the second runs without metrics instead of refusing to start.
TEST(Metrics, AnAddressInUseLeavesTheServerRunningWithoutMetrics) {
  TestExchange first(with_metrics());
  app::Config config = with_metrics();
  config.metrics_listen = "127.0.0.1:" + std::to_string(first.server().metrics_port());
  TestExchange second(config);
  EXPECT_EQ(second.server().metrics_port(), 0);
  WsClient client(second.port());
  EXPECT_FALSE(client.login(test_token("mia")).empty());
}

}  // namespace
}  // namespace exchange::testing
