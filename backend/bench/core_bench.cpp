// Core throughput on a mixed workload in the spirit of exchange-core's: about 1,000 live
// orders spread over ~700 price levels, mostly passive placements and cancels near the top of
// the book, with one in ten orders aggressive enough to trade. A command stream is generated
// once (by simulating it against a real book, so that every cancel names a live order), then
// replayed on a fresh book or exchange per iteration.
//
//   build/bin/core_bench                 # both benchmarks
//   build/bin/core_bench --benchmark_filter=Book

#include <benchmark/benchmark.h>

#include <random>
#include <vector>

#include "core/exchange.h"
#include "core/order_book.h"

namespace exchange {
namespace {

struct Command {
  enum Kind : uint8_t { kPlace, kCancel } kind;
  Side side;
  AccountId account;
  OrderId id;  // for cancels; for places, the id the order gets if it rests
  int64_t price_cents;
  int64_t size_hundredths;
};

constexpr int64_t kMid = 100'000;  // 1000.00
constexpr size_t kTargetLive = 1000;
constexpr int kAccounts = 100;

std::vector<Command> generate_commands(size_t count) {
  std::mt19937_64 rng(42);
  OrderBook book;
  std::vector<OrderId> live;
  IdMap<size_t> position_in_live;
  auto forget = [&](OrderId id) {
    const size_t at = *position_in_live.find(id);
    live[at] = live.back();
    position_in_live.set(live[at], at);
    live.pop_back();
    position_in_live.erase(id);
  };
  std::vector<Command> commands;
  commands.reserve(count);
  std::vector<Fill> fills;
  OrderId next_id = 1;
  while (commands.size() < count) {
    const unsigned dice = unsigned(rng() % 100);
    if (live.size() > kTargetLive / 2 && (dice < 45 || live.size() > kTargetLive)) {
      const OrderId id = live[rng() % live.size()];
      const RestingOrder order = *book.cancel(id);
      commands.push_back({Command::kCancel, order.side, order.owner, id, 0, 0});
      forget(id);
      continue;
    }
    const Side side = rng() % 2 == 0 ? Side::kBid : Side::kOffer;
    const int64_t best_bid = book.best_bid() ? int64_t(book.best_bid()->units()) : kMid - 1;
    const int64_t best_offer = book.best_offer() ? int64_t(book.best_offer()->units()) : kMid + 1;
    int64_t price;
    if (dice < 90) {  // passive: up to 350 ticks behind the far side's best
      price = side == Side::kBid ? best_offer - 1 - int64_t(rng() % 350)
                                 : best_bid + 1 + int64_t(rng() % 350);
    } else {  // aggressive: crosses a few ticks into the other side
      price = side == Side::kBid ? best_offer + int64_t(rng() % 4) : best_bid - int64_t(rng() % 4);
    }
    const int64_t size = 100 * (1 + int64_t(rng() % 10));
    const AccountId account = 1 + AccountId(rng() % kAccounts);
    fills.clear();
    const Quantity left =
        book.match(side, Price::from_units(price), Quantity::from_units(size), fills);
    for (const Fill& fill : fills) {
      if (fill.remaining.is_zero()) forget(fill.resting_id);
    }
    commands.push_back({Command::kPlace, side, account, next_id, price, size});
    if (!left.is_zero()) {
      book.insert({next_id, account, next_id, side, Price::from_units(price), left, Timestamp{}});
      position_in_live.set(next_id, live.size());
      live.push_back(next_id);
      ++next_id;
    }
  }
  return commands;
}

const std::vector<Command>& commands() {
  static const std::vector<Command> stream = generate_commands(1'000'000);
  return stream;
}

void BM_OrderBook(benchmark::State& state) {
  const std::vector<Command>& stream = commands();
  std::vector<Fill> fills;
  fills.reserve(64);
  for (auto _ : state) {
    OrderBook book;
    OrderId next_id = 1;
    for (const Command& c : stream) {
      if (c.kind == Command::kCancel) {
        benchmark::DoNotOptimize(book.cancel(c.id));
        continue;
      }
      fills.clear();
      const Quantity left = book.match(c.side, Price::from_units(c.price_cents),
                                       Quantity::from_units(c.size_hundredths), fills);
      if (!left.is_zero()) {
        book.insert(
            {next_id, c.account, next_id, c.side, Price::from_units(c.price_cents), left, Timestamp{}});
        ++next_id;
      }
    }
    benchmark::DoNotOptimize(book.order_count());
  }
  state.SetItemsProcessed(int64_t(state.iterations() * stream.size()));
}
BENCHMARK(BM_OrderBook)->Unit(benchmark::kMillisecond);

// The same stream through Exchange: validation, funds checks, exposures, trades and cash.
void BM_Exchange(benchmark::State& state) {
  const std::vector<Command>& stream = commands();
  auto decimal = [](int64_t hundredths) {
    return make_decimal(hundredths < 0, uint128(hundredths < 0 ? -hundredths : hundredths), 2);
  };
  for (auto _ : state) {
    state.PauseTiming();
    Exchange exchange;
    exchange.restore_market_type({1, "Fun", "", true});
    for (AccountId id = 1; id <= kAccounts; ++id) {
      Account account;
      account.id = id;
      account.name = "trader" + std::to_string(id);
      account.identity = account.name;
      account.balance = Money::from_whole(1'000'000'000);
      exchange.restore_account(account);
    }
    Market market;
    market.id = 1;
    market.name = "bench";
    market.min_settlement = Price::from_whole(0);
    market.max_settlement = Price::from_whole(10'000);
    exchange.restore_market(market);
    state.ResumeTiming();
    for (const Command& c : stream) {
      const Requester trader{c.account, c.account, c.account, false, {}};
      if (c.kind == Command::kCancel) {
        benchmark::DoNotOptimize(exchange.cancel_order(trader, c.id, Timestamp{}).ok());
        continue;
      }
      PlaceOrder request{1, decimal(c.price_cents), decimal(c.size_hundredths), c.side};
      benchmark::DoNotOptimize(exchange.place_order(trader, request, Timestamp{}).ok());
    }
  }
  state.SetItemsProcessed(int64_t(state.iterations() * stream.size()));
}
BENCHMARK(BM_Exchange)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace exchange

BENCHMARK_MAIN();
