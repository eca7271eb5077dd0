#pragma once
// The market U on [0, 100] and five funded students that the option tests of core share
// (options_test.cpp, options_examples_test.cpp).

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/exchange.h"
#include "exchange_fixture.h"

namespace exchange::testing {

inline constexpr AccountId kAlice = 1, kBob = 2, kCarol = 3, kDave = 4, kEve = 5, kAdmin = 9;
inline constexpr MarketId kU = 1;
inline constexpr Timestamp kExpiry{2'000'000'000'000'000};  // E: 2033-05-18T03:33:20Z

// U on [0, 100]; Alice, Bob, Carol, Dave and Eve with 1000 unless told otherwise.
class OptionsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    exchange.restore_market_type({1, "Fun", "", true});
    for (auto [id, name] : std::vector<std::pair<AccountId, const char*>>{
             {kAlice, "alice"}, {kBob, "bob"}, {kCarol, "carol"}, {kDave, "dave"}, {kEve, "eve"},
             {kAdmin, "admin"}}) {
      Account account;
      account.id = id;
      account.name = name;
      account.identity = name;
      account.balance = money(1000);
      exchange.restore_account(account);
    }
    Market u;
    u.id = kU;
    u.name = "U";
    u.owner = kAdmin;
    u.min_settlement = px(0);
    u.max_settlement = px(100);
    u.created = Transaction{1, kNow};
    exchange.restore_market(u);
    IdCounters counters = exchange.counters();
    counters.next_transaction = 2;
    exchange.restore_counters(counters);
  }

  // Before any trading: restoring an account drops its rows.
  void set_cash(AccountId id, double balance) {
    Account account = *exchange.account(id);
    account.balance = money(balance);
    exchange.restore_account(account);
  }

  static NewMarket option_request(const std::string& name, MarketId underlying, double strike,
                                  bool is_call, std::optional<int64_t> expiration = {}) {
    NewMarket request;
    request.name = name;
    request.option = NewOption{underlying, dec(strike), is_call, expiration};
    return request;
  }
  Result<Market> create(const NewMarket& request, Requester who = as_sudo_admin(kAdmin)) {
    return exchange.create_market(who, request, kNow);
  }
  std::string_view create_error(const NewMarket& request, Requester who = as_sudo_admin(kAdmin)) {
    auto created = create(request, who);
    return created.ok() ? "ok" : message(created.error());
  }
  MarketId c50() { return create(option_request("C50", kU, 50, true))->id; }
  MarketId p40() {
    return create(option_request("P40", kU, 40, false, kExpiry.micros / 1'000'000))->id;
  }

  // `seller` offers, `buyer` takes; returns the new contract's id.
  ContractId trade(MarketId market, AccountId seller, AccountId buyer, double size, double price) {
    EXPECT_TRUE(exchange.place_order(as_user(seller), offer(market, size, price), kNow).ok());
    auto placed = exchange.place_order(as_user(buyer), bid(market, size, price), kNow);
    EXPECT_TRUE(placed.ok());
    EXPECT_EQ(placed->contracts.size(), 1u);
    return placed->contracts.empty() ? 0 : placed->contracts.back();
  }
  std::string_view exercise_error(AccountId who, MarketId market, ContractId contract,
                                  double amount, Timestamp at = kNow) {
    auto done = exchange.exercise_option(as_user(who), market, contract, dec(amount), at);
    return done.ok() ? "ok" : message(done.error());
  }
  Money cash(AccountId who) { return exchange.account(who)->balance; }
  Money avail(AccountId who) { return exchange.account(who)->available_balance(); }
  Quantity position(AccountId who, MarketId market) {
    const auto& rows = exchange.account(who)->exposures;
    auto it = rows.find(market);
    return it == rows.end() ? Quantity{} : it->second.position;
  }
  Quantity remaining(ContractId id) { return exchange.option_contract(id)->remaining; }
  void settle_u(double price) {
    ASSERT_TRUE(exchange.settle_market(as_sudo_admin(kAdmin), kU, dec(price), kNow).ok());
  }

  Exchange exchange;
};

}  // namespace exchange::testing
