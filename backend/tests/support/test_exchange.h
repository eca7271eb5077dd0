#pragma once
// The real exchange (sequencer, SQLite, network) started in-process on a free loopback port
// with a fresh data directory and test tokens enabled.

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "app/exchange_server.h"
#include "ws_client.h"

namespace exchange::testing {

// A logged-in test user: its client, account id and login snapshot.
struct Trader {
  std::unique_ptr<WsClient> client;
  int64_t id = 0;
  std::vector<ServerMessage> snapshot;
  WsClient* operator->() const { return client.get(); }
};

class TestExchange {
 public:
  explicit TestExchange(app::Config overrides = {});
  ~TestExchange();

  uint16_t port() const { return port_; }
  const std::string& data_dir() const { return data_dir_; }
  app::ExchangeServer& server() { return *server_; }

  void stop();
  void start();
  void restart() {
    stop();
    start();
  }

  std::unique_ptr<WsClient> connect(bool read = true) {
    return std::make_unique<WsClient>(port_, read);
  }
  // A client of the named cohort's socket (/api/ws/<cohort>).
  std::unique_ptr<WsClient> connect_to(const std::string& cohort) {
    return std::make_unique<WsClient>(port_, true, "/api/ws/" + cohort);
  }
  // A client logged in as the named test user (created on first login), snapshot consumed;
  // in the default cohort (the /api socket) unless `cohort` names another.
  Trader user(const std::string& name, bool admin = false, const std::string& cohort = "");

 private:
  app::Config config_;
  std::string data_dir_;
  std::unique_ptr<app::ExchangeServer> server_;
  uint16_t port_ = 0;
};

// Request builders.
ClientMessage create_market(const std::string& name, double min, double max);
ClientMessage create_order(int64_t market, websocket_api::Side side, double price, double size);
ClientMessage cancel_order(int64_t order);
ClientMessage make_transfer(int64_t from, int64_t to, double amount, const std::string& note = "");
ClientMessage settle_market(int64_t market, double price);
ClientMessage set_sudo(bool enabled);

// The last state of `account` among `messages` (a portfolio_updated or an entry of portfolios),
// by value so that callers may pass a temporary such as fence()'s result.
std::optional<websocket_api::Portfolio> last_portfolio(const std::vector<ServerMessage>& messages,
                                                       int64_t account);

}  // namespace exchange::testing
