#pragma once
// The reference's unit-test fixture (rules.md 1.2) and small helpers for core tests.

#include <bit>
#include <cstdlib>
#include <map>
#include <span>

#include "api/refusal_texts.h"
#include "api/wire.h"
#include "core/decimal.h"
#include "core/exchange.h"

namespace exchange::testing {

inline Decimal dec(double value) {
  return *decode_binary64(std::bit_cast<uint64_t>(value));
}
inline Money money(double value) {
  return *dec(value).to_fixed<Money>();
}
inline Quantity qty(double value) {
  return *dec(value).to_fixed<Quantity>();
}
inline Price px(double value) {
  return *dec(value).to_fixed<Price>();
}
// A value in hundredths (the property tests draw integers).
inline Decimal hundredths(int64_t value) {
  return make_decimal(value < 0, uint128(value < 0 ? -value : value), 2);
}

// A numeric environment variable (the property tests' seed and length), else `fallback`.
inline uint64_t env_or(const char* name, uint64_t fallback) {
  const char* text = std::getenv(name);
  return text ? std::strtoull(text, nullptr, 10) : fallback;
}

inline constexpr Timestamp kNow{1'700'000'000'000'000};

// Tests that speak of wire values (a side 3, a status 7) decode them as the api does.
using api::market_status_from_wire;
using api::side_from_wire;

// The protocol's text of a refusal: what a client would read.
inline std::string_view message(const Error& error) {
  return api::refusal_text(error.refusal);
}

// A requester whose owned set O is {id} (stable storage, so that the Requester's view of it
// stays valid for the whole test).
inline std::span<const AccountId> just(AccountId id) {
  static std::map<AccountId, AccountId> sets;
  return {&sets.emplace(id, id).first->second, 1};
}
inline Requester as_user(AccountId id) {
  return Requester{id, id, id, false, just(id)};
}
inline Requester as_sudo_admin(AccountId id) {
  return Requester{id, id, id, true, just(id)};
}

// Accounts 1 a, 2 b, 3 c (users), 4 ab-child (owned by 1 and 2), 5 ab-child-child (owned by
// 4), all with balance 100; 6 Arbor Pixie; market 1 m1 [10, 20] and 2 m2 [0, 10] owned by 1.
inline void load_reference_fixture(Exchange& exchange) {
  exchange.restore_market_type({1, "Fun", "General fun prediction markets", true});
  exchange.restore_market_type(
      {2, "Class Scenarios", "Markets for class scenarios and exercises", false});
  auto add = [&](AccountId id, const char* name, bool user, std::vector<OwnerCredit> owners) {
    Account account;
    account.id = id;
    account.name = name;
    if (user) account.identity = name;
    account.balance = money(100);
    account.owners = std::move(owners);
    exchange.restore_account(account);
  };
  add(0, "Hidden", false, {});
  add(1, "a", true, {});
  add(2, "b", true, {});
  add(3, "c", true, {});
  add(4, "ab-child", false, {{1, {}}, {2, {}}});
  add(5, "ab-child-child", false, {{4, {}}});
  Account pixie{6, "Arbor Pixie", "fake_id", {}, {}, {}, {}, kMainUniverse, {}};
  exchange.restore_account(pixie);
  auto market = [&](MarketId id, const char* name, double min, double max) {
    Market m;
    m.id = id;
    m.name = name;
    m.owner = 1;
    m.min_settlement = px(min);
    m.max_settlement = px(max);
    m.created = Transaction{1, kNow};
    exchange.restore_market(m);
  };
  market(1, "m1", 10, 20);
  market(2, "m2", 0, 10);
  IdCounters counters = exchange.counters();
  counters.next_transaction = 2;
  exchange.restore_counters(counters);
}

inline PlaceOrder bid(MarketId market, double size, double price) {
  return PlaceOrder{market, dec(price), dec(size), Side::kBid};
}
inline PlaceOrder offer(MarketId market, double size, double price) {
  return PlaceOrder{market, dec(price), dec(size), Side::kOffer};
}

}  // namespace exchange::testing
