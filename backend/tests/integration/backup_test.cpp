// Issue 20: a backup taken while the exchange trades holds everything acknowledged before it
// started, and a server started on its restore has the same money.

#include <gtest/gtest.h>

#include <array>
#include <atomic>
#include <cstdio>
#include <condition_variable>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <sstream>
#include <thread>

#include "auth/signing_key.h"
#include "core/exchange.h"
#include "store/data_dir_backup.h"
#include "store/database.h"
#include "test_exchange.h"

namespace exchange::testing {
namespace {
namespace fs = std::filesystem;

// What the server acknowledged, by id.
struct Acknowledged {
  std::vector<int64_t> orders, trades, transfers, transactions;
  size_t size() const { return transactions.size(); }
};

// Acknowledgements as the load threads receive them; the backup starts under the same lock
// that records them, so "acknowledged before the backup started" is exact.
class Ledger {
 public:
  void record(const ServerMessage& reply) {
    std::lock_guard lock(mutex_);
    Acknowledged& into = backup_started_ ? after_ : before_;
    if (reply.has_order_created()) {
      const auto& created = reply.order_created();
      if (created.has_order()) into.orders.push_back(created.order().id());
      for (const auto& trade : created.trades()) into.trades.push_back(trade.id());
      into.transactions.push_back(created.transaction_id());
    } else if (reply.has_transfer_created()) {
      into.transfers.push_back(reply.transfer_created().id());
      into.transactions.push_back(reply.transfer_created().transaction_id());
    } else {
      return;  // refused (a self-cross, say): nothing was acknowledged
    }
    changed_.notify_all();
  }
  // Waits until `count` acknowledgements happened before (or, once started, after) the backup.
  void wait_for(size_t count) {
    std::unique_lock lock(mutex_);
    const bool ok = changed_.wait_for(lock, 60s, [&] {
      return (backup_started_ ? after_.size() : before_.size()) >= count;
    });
    if (!ok) throw std::runtime_error("the load stopped");
  }
  Acknowledged start_backup() {
    std::lock_guard lock(mutex_);
    backup_started_ = true;
    return before_;
  }
  size_t after() {
    std::lock_guard lock(mutex_);
    return after_.size();
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  bool backup_started_ = false;
  Acknowledged before_, after_;
};

std::string read_file(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

bool row_exists(store::Database& db, const std::string& table, int64_t id) {
  store::Statement query = db.prepare("SELECT 1 FROM " + table + " WHERE id = ?");
  query.bind(1, id);
  const bool found = query.step();
  query.reset();
  return found;
}

TEST(Backup, TakenUnderLoadHoldsEverythingAcknowledgedBeforeItAndRestoresBalanced) {
  app::Config config;
  config.rate_limits = "off";
  TestExchange exchange(config);
  Trader teacher = exchange.user("teacher", true);
  const int64_t market = teacher->request(create_market("backup", 0, 10)).market().id();
  constexpr int kTraders = 4;
  std::vector<Trader> traders;
  for (int i = 0; i < kTraders; ++i) {
    traders.push_back(exchange.user("trader" + std::to_string(i)));
    ASSERT_TRUE(teacher->request(make_transfer(teacher.id, traders.back().id, 1000))
                    .has_transfer_created());
  }

  Ledger ledger;
  std::atomic<bool> stop{false};
  std::vector<std::thread> load;
  for (int i = 0; i < kTraders; ++i) {
    load.emplace_back([&, i] {
      // Alternating sides at one price: orders cross other traders' and trade.
      for (int n = 0; !stop; ++n) {
        const auto side = (n + i) % 2 == 0 ? websocket_api::BID : websocket_api::OFFER;
        ledger.record(traders[i]->request(create_order(market, side, 5, 1), 30s));
      }
    });
  }
  load.emplace_back([&] {
    for (int n = 0; !stop; ++n) {
      ledger.record(teacher->request(make_transfer(teacher.id, traders[n % kTraders].id, 1), 30s));
    }
  });

  ledger.wait_for(300);
  const Acknowledged before = ledger.start_backup();
  const fs::path backup_dir = fs::path(exchange.data_dir()).string() + "-backup";
  store::BackupOptions options;
  options.pages_per_step = 4;
  // Each chunk waits for another acknowledgement: the copy is taken while the exchange trades.
  options.after_step = [&, seen = size_t{0}]() mutable { ledger.wait_for(++seen); };
  const std::vector<fs::path> extras = {auth::kSigningKeyFile, "uploads"};
  const store::BackupContents contents =
      store::backup_data_dir(exchange.data_dir(), backup_dir, extras, options);
  stop = true;
  for (std::thread& thread : load) thread.join();
  EXPECT_GT(ledger.after(), 1u);
  EXPECT_EQ(contents.databases, (std::vector<fs::path>{"cohorts/main.db", "global.db"}));
  EXPECT_FALSE(before.trades.empty());
  EXPECT_FALSE(before.transfers.empty());
  const fs::path key = fs::path(exchange.data_dir()) / auth::kSigningKeyFile;
  const std::string key_text = fs::exists(key) ? read_file(key) : "";
  traders.clear();
  teacher.client.reset();
  exchange.stop();

  // A fresh data directory, a fresh server on the restored copy.
  const fs::path restored = backup_dir.string() + "-restored";
  store::RestoreOptions restore;
  restore.extras = extras;
  store::restore_data_dir(backup_dir, restored, restore);
  if (!key_text.empty()) {
    EXPECT_EQ(read_file(restored / auth::kSigningKeyFile), key_text);
  }
  config.data_dir = restored.string();
  config.address = "127.0.0.1";
  config.port = 0;
  config.insecure_test_auth = true;
  {
    app::ExchangeServer server(config);
    server.start();
    server.stop();
    // Trades and transfers move cash between accounts; only the admin and Arbor Pixie (migration
    // 0009) were given any.
    Money total{};
    for (const Account* account : server.instance().exchange().accounts_by_id()) {
      total += account->balance;
    }
    EXPECT_EQ(total, Money::from_whole(200'000'000));
  }
  {
    store::Database db((restored / "cohorts" / "main.db").string(),
                       store::Database::Access::kReadOnly);
    for (int64_t id : before.orders) EXPECT_TRUE(row_exists(db, "orders", id)) << id;
    for (int64_t id : before.trades) EXPECT_TRUE(row_exists(db, "trade", id)) << id;
    for (int64_t id : before.transfers) EXPECT_TRUE(row_exists(db, "transfer", id)) << id;
    for (int64_t id : before.transactions) EXPECT_TRUE(row_exists(db, "transactions", id)) << id;
  }
  std::error_code ignored;
  fs::remove_all(backup_dir, ignored);
  fs::remove_all(restored, ignored);
}

// The real binary: exit status and what it printed.
std::pair<int, std::string> run_exchange(const std::string& arguments) {
  FILE* pipe = popen((EXCHANGE_BINARY " " + arguments + " 2>&1").c_str(), "r");
  if (pipe == nullptr) return {-1, ""};
  std::string output;
  std::array<char, 512> buffer{};
  while (size_t n = fread(buffer.data(), 1, buffer.size(), pipe)) output.append(buffer.data(), n);
  const int status = pclose(pipe);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, output};
}

TEST(BackupCli, BacksUpARunningServerAndRestoresOnlyWhenItIsStopped) {
  TestExchange exchange;
  Trader teacher = exchange.user("teacher", true);
  ASSERT_TRUE(teacher->request(create_market("cli", 0, 10)).has_market());
  const std::string data = exchange.data_dir();
  const std::string backup = data + "-cli-backup";
  auto [status, output] = run_exchange("backup --data-dir " + data + " --to " + backup);
  ASSERT_EQ(status, 0) << output;
  EXPECT_TRUE(fs::exists(fs::path(backup) / "global.db"));
  EXPECT_TRUE(fs::exists(fs::path(backup) / "cohorts" / "main.db"));
  // Into a directory a backup already used: refused.
  std::tie(status, output) = run_exchange("backup --data-dir " + data + " --to " + backup);
  EXPECT_EQ(status, 1) << output;

  // The server (another process, as far as the lock is concerned) has the database open.
  for (const char* force : {"", " --force"}) {
    std::tie(status, output) =
        run_exchange("restore --from " + backup + " --data-dir " + data + force);
    EXPECT_EQ(status, 2) << output;
    EXPECT_NE(output.find("running"), std::string::npos) << output;
  }
  teacher.client.reset();
  exchange.stop();
  std::tie(status, output) = run_exchange("restore --from " + backup + " --data-dir " + data);
  EXPECT_EQ(status, 2) << output;
  EXPECT_NE(output.find("--force"), std::string::npos) << output;
  std::tie(status, output) =
      run_exchange("restore --from " + backup + " --data-dir " + data + " --force");
  EXPECT_EQ(status, 0) << output;
  exchange.start();
  Trader again = exchange.user("teacher", true);
  bool market_back = false;
  for (const auto& message : again.snapshot) market_back |= message.has_market();
  EXPECT_TRUE(market_back);
  fs::remove_all(backup);
}

}  // namespace
}  // namespace exchange::testing
