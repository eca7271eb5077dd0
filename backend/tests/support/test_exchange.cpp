#include "test_exchange.h"

#include <cstdlib>
#include <filesystem>
#include <stdexcept>

namespace exchange::testing {

TestExchange::TestExchange(app::Config overrides) : config_(std::move(overrides)) {
  char pattern[] = "/tmp/exchange-test-XXXXXX";
  if (mkdtemp(pattern) == nullptr) throw std::runtime_error("mkdtemp failed");
  data_dir_ = pattern;
  config_.data_dir = data_dir_;
  config_.address = "127.0.0.1";
  config_.port = 0;
  config_.insecure_test_auth = true;
  start();
}

TestExchange::~TestExchange() {
  stop();
  std::error_code ignored;
  std::filesystem::remove_all(data_dir_, ignored);
}

void TestExchange::stop() {
  if (!server_) return;
  server_->stop();
  server_.reset();
}

void TestExchange::start() {
  if (server_) return;
  server_ = std::make_unique<app::ExchangeServer>(config_);
  port_ = server_->start();
}

Trader TestExchange::user(const std::string& name, bool admin, const std::string& cohort) {
  Trader trader;
  trader.client = cohort.empty() ? connect() : connect_to(cohort);
  trader.snapshot = trader.client->login(test_token(name, admin));
  if (!trader.snapshot.back().has_acting_as()) throw std::runtime_error("login failed: " + name);
  trader.id = trader.snapshot.front().authenticated().account_id();
  return trader;
}

ClientMessage create_market(const std::string& name, double min, double max) {
  ClientMessage message;
  auto* body = message.mutable_create_market();
  body->set_name(name);
  body->set_description("Test market " + name);
  body->set_min_settlement(min);
  body->set_max_settlement(max);
  return message;
}

ClientMessage create_order(int64_t market, websocket_api::Side side, double price, double size) {
  ClientMessage message;
  auto* body = message.mutable_create_order();
  body->set_market_id(market);
  body->set_side(side);
  body->set_price(price);
  body->set_size(size);
  return message;
}

ClientMessage cancel_order(int64_t order) {
  ClientMessage message;
  message.mutable_cancel_order()->set_id(order);
  return message;
}

ClientMessage make_transfer(int64_t from, int64_t to, double amount, const std::string& note) {
  ClientMessage message;
  auto* body = message.mutable_make_transfer();
  body->set_from_account_id(from);
  body->set_to_account_id(to);
  body->set_amount(amount);
  body->set_note(note);
  return message;
}

ClientMessage settle_market(int64_t market, double price) {
  ClientMessage message;
  message.mutable_settle_market()->set_market_id(market);
  message.mutable_settle_market()->set_settle_price(price);
  return message;
}

ClientMessage set_sudo(bool enabled) {
  ClientMessage message;
  message.mutable_set_sudo()->set_enabled(enabled);
  return message;
}

std::optional<websocket_api::Portfolio> last_portfolio(const std::vector<ServerMessage>& messages,
                                                       int64_t account) {
  const websocket_api::Portfolio* found = nullptr;
  for (const auto& m : messages) {
    if (m.has_portfolio_updated() && m.portfolio_updated().account_id() == account) {
      found = &m.portfolio_updated();
    }
    if (m.has_portfolios()) {
      for (const auto& p : m.portfolios().portfolios()) {
        if (p.account_id() == account) found = &p;
      }
    }
  }
  if (found == nullptr) return std::nullopt;
  return *found;
}

}  // namespace exchange::testing
