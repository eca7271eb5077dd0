// A batch whose commit fails leaves no trace: its requests are refused, memory is restored to
// the last commit, and the exchange goes on.

#include <gtest/gtest.h>

#include <atomic>

#include "store/batch_writer.h"
#include "test_exchange.h"

namespace exchange::testing {
namespace {

class FlakyWriter : public store::BatchWriter {
 public:
  using BatchWriter::BatchWriter;
  void commit(const store::WriteSet& changes, const Exchange& exchange) override {
    if (fail_next.exchange(false)) throw store::StoreError("disk full (simulated)");
    BatchWriter::commit(changes, exchange);
  }
  std::atomic<bool> fail_next{false};
};

TEST(CommitFailure, RefusesTheBatchAndRestoresState) {
  TestExchange exchange;
  exchange.stop();
  app::Config config;
  config.data_dir = exchange.data_dir();
  config.address = "127.0.0.1";
  config.port = 0;
  config.insecure_test_auth = true;
  FlakyWriter* flaky = nullptr;
  app::ServerSeams seams;
  seams.make_writer = [&flaky](store::Database& db) {
    auto writer = std::make_unique<FlakyWriter>(db);
    flaky = writer.get();
    return writer;
  };
  app::ExchangeServer server(config, std::move(seams));
  ASSERT_NE(flaky, nullptr);
  const uint16_t port = server.start();

  WsClient teacher(port);
  ASSERT_TRUE(teacher.login(test_token("teacher", true)).back().has_acting_as());
  const int64_t market = teacher.request(create_market("fragile", 0, 10)).market().id();
  const auto first = teacher.request(create_order(market, websocket_api::BID, 5, 1));
  ASSERT_TRUE(first.has_order_created());

  flaky->fail_next = true;
  const auto refused = teacher.request(create_order(market, websocket_api::BID, 6, 1));
  ASSERT_TRUE(refused.has_request_failed()) << refused.DebugString();
  EXPECT_EQ(refused.request_failed().request_details().kind(), "CreateOrder");
  EXPECT_FALSE(server.instance().healthy());

  const auto next = teacher.request(create_order(market, websocket_api::BID, 7, 1));
  ASSERT_TRUE(next.has_order_created());
  EXPECT_TRUE(server.instance().healthy());
  // The refused order never existed: ids and transactions continue from the last commit.
  EXPECT_EQ(next.order_created().order().id(), first.order_created().order().id() + 1);
  EXPECT_EQ(next.order_created().transaction_id(), first.order_created().transaction_id() + 1);

  WsClient observer(port);
  for (const auto& m : observer.login(test_token("observer"))) {
    if (!m.has_orders()) continue;
    std::vector<double> prices;
    for (const auto& o : m.orders().orders()) prices.push_back(o.price());
    EXPECT_EQ(prices, (std::vector<double>{5, 7}));
  }
  server.stop();
}

}  // namespace
}  // namespace exchange::testing
