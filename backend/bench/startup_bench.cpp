// startup_bench: writes a database holding N resting orders, then measures how long the
// exchange takes to rebuild its state from it (the start-up path) and how much memory the
// rebuilt books use per resting order.
//
//   build/bin/startup_bench --orders 1000000 --markets 10 --accounts 1000

#include <CLI/CLI.hpp>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <string>

#include "core/exchange.h"
#include "store/database.h"
#include "store/loader.h"
#include "store/migrations.h"

namespace exchange {
namespace {

long resident_kib() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
  }
  return 0;
}

void write_database(const std::string& path, int orders, int markets, int accounts, int levels) {
  store::Database db(path, store::Database::Access::kReadWrite);
  store::migrate(db);
  std::mt19937_64 random(1);
  store::in_transaction(db, [&] {
    db.exec("INSERT INTO transactions (id, timestamp) VALUES (1, 1700000000000000)");
    store::Statement account = db.prepare("INSERT INTO account (id, identity, name, balance) VALUES (?, ?, ?, '1000000000')");
    for (int a = 0; a < accounts; ++a) {
      const int64_t id = 100 + a;
      account.bind(1, id).bind(2, "bench-" + std::to_string(a)).bind(3, "bench " + std::to_string(a)).run();
    }
    store::Statement market = db.prepare(
        "INSERT INTO market (id, name, description, owner_id, transaction_id, min_settlement,"
        " max_settlement) VALUES (?, ?, '', 100, 1, '0', '1000')");
    for (int m = 1; m <= markets; ++m) market.bind(1, m).bind(2, "bench-" + std::to_string(m)).run();

    store::Statement transaction = db.prepare("INSERT INTO transactions (id, timestamp) VALUES (?, ?)");
    store::Statement order = db.prepare(
        "INSERT INTO orders (id, market_id, owner_id, transaction_id, price, size, side)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)");
    store::Statement history = db.prepare("INSERT INTO order_size (order_id, transaction_id, size) VALUES (?, ?, ?)");
    // Open-order totals per (account, market), written as exposure rows.
    std::map<std::pair<int64_t, int64_t>, Exposure> exposures;
    for (int64_t o = 1; o <= orders; ++o) {
      const int64_t tx = o + 1;
      const int64_t market_id = 1 + int64_t(random() % markets);
      const int64_t owner = 100 + int64_t(random() % accounts);
      const bool bid = random() % 2 == 0;
      // Bids below 500.00 and offers above it never cross; `levels` prices per side.
      const int64_t offset = int64_t(random() % levels);
      const int64_t cents = bid ? 49999 - offset : 50001 + offset;
      const int64_t size_hundredths = 1 + int64_t(random() % 10000);
      const Price price = Price::from_units(cents);
      const Quantity size = Quantity::from_units(size_hundredths);
      transaction.bind(1, tx).bind(2, 1700000000000000 + tx).run();
      order.bind(1, o).bind(2, market_id).bind(3, owner).bind(4, tx).bind(5, to_string(price))
          .bind(6, to_string(size)).bind(7, int64_t(bid ? 1 : 2)).run();
      history.bind(1, o).bind(2, tx).bind(3, to_string(size)).run();
      Exposure& e = exposures[{owner, market_id}];
      if (bid) {
        e.bid_size += size;
        e.bid_value += price * size;
      } else {
        e.offer_size += size;
        e.offer_value += price * size;
      }
    }
    store::Statement exposure = db.prepare(
        "INSERT INTO exposure (account_id, market_id, position, bid_size, offer_size, bid_value,"
        " offer_value) VALUES (?, ?, '0', ?, ?, ?, ?)");
    for (const auto& [key, e] : exposures) {
      exposure.bind(1, key.first).bind(2, key.second).bind(3, to_string(e.bid_size))
          .bind(4, to_string(e.offer_size)).bind(5, to_string(e.bid_value))
          .bind(6, to_string(e.offer_value)).run();
    }
  });
}

int run(int orders, int markets, int accounts, int levels, std::string directory) {
  const bool temporary = directory.empty();
  if (temporary) {
    char pattern[] = "/tmp/startup-bench-XXXXXX";
    directory = mkdtemp(pattern);
  }
  const std::string path = directory + "/exchange.db";
  if (!std::filesystem::exists(path)) {
    const auto start = std::chrono::steady_clock::now();
    write_database(path, orders, markets, accounts, levels);
    std::printf("wrote %d resting orders in %.1f s\n", orders,
                std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  }
  store::Database db(path, store::Database::Access::kReadWrite);
  const long before = resident_kib();
  const auto start = std::chrono::steady_clock::now();
  auto loaded = std::make_unique<Exchange>();
  store::load_exchange(db, *loaded);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const long after = resident_kib();
  size_t live = 0;
  for (const Market* m : loaded->markets_by_id()) live += loaded->book(m->id)->order_count();
  std::printf("loaded %zu resting orders in %.2f s (%.0f orders/s)\n", live, seconds,
              double(live) / seconds);
  std::printf("memory: %.1f MiB more resident, %.0f bytes per resting order\n",
              double(after - before) / 1024, double(after - before) * 1024 / double(live));
  if (temporary) std::filesystem::remove_all(directory);
  return 0;
}

}  // namespace
}  // namespace exchange

int main(int argc, char** argv) {
  int orders = 1'000'000, markets = 10, accounts = 1000, levels = 49'900;
  std::string directory;
  CLI::App cli{"Start-up time and memory per resting order"};
  cli.add_option("--orders", orders)->capture_default_str();
  cli.add_option("--markets", markets)->capture_default_str();
  cli.add_option("--accounts", accounts)->capture_default_str();
  cli.add_option("--levels", levels, "Price levels per side and market")
      ->check(CLI::Range(1, 49'900))
      ->capture_default_str();
  cli.add_option("--dir", directory, "Reuse (or keep) the database in this directory");
  CLI11_PARSE(cli, argc, argv);
  return exchange::run(orders, markets, accounts, levels, directory);
}
