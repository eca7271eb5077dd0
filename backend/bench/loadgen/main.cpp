// loadgen: drives a running exchange over the real protocol and reports acknowledged orders
// per second and send-to-reply latency. Needs a server started with --insecure-test-auth.
//
//   build/bin/loadgen --port 8080 --traders 4 --duration 10             # closed loop
//   build/bin/loadgen --port 8080 --traders 8 --rate 10000 --duration 10  # open loop
//   build/bin/loadgen --port 8080 --traders 8 --cohorts 4   # traders spread over load-1..load-4

#include <CLI/CLI.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <memory>
#include <set>
#include <thread>

#include "cohort_setup.h"
#include "listener.h"
#include "trader.h"

namespace exchange::loadgen {
namespace {

struct Options {
  std::string host = "127.0.0.1";
  uint16_t port = 8080;
  int traders = 4;
  int markets = 4;  // in each cohort
  int threads = 1;
  int listener_threads = 1;  // apart from the traders', so listening never delays trading
  int listener_accounts = 0;  // 0: one account per listener
  double duration = 10;
  double warmup = 2;
  double listener_drain = 2;  // seconds the listeners read on after the load stops
  double rate = 0;  // total orders/s; 0 = closed loop
  int in_flight = 32;
  int server_pid = 0;
  int listeners = 0;
  std::vector<std::string> cohorts;  // --cohort NAME (repeatable)
  int cohort_count = 0;              // --cohorts N: load-1..load-N
};

// One cohort of the run: its admin connection (creates the markets, funds the traders), its
// markets, and which traders and listeners connect to it (round robin over the cohorts).
struct CohortRun {
  std::string name;  // "" = the default cohort
  std::string path;
  std::unique_ptr<Trader> admin;
  Workload workload;
  std::vector<size_t> traders, listeners;
};

// The server's own count of the trades in a cohort's load markets, read after the run from a
// fresh connection (the setup connection has stopped reading and may have been dropped).
uint64_t trades_on_record(const Options& options, const std::string& run_id, const CohortRun& cohort) {
  boost::asio::io_context io;
  Trader auditor(io, options.host, options.port, "audit-" + run_id, 1, cohort.path);
  auditor.connect_and_login("test::loadgen-admin::loadgen-admin::true");
  uint64_t total = 0;
  for (const int64_t market : cohort.workload.markets) {
    websocket_api::ClientMessage query;
    query.mutable_get_full_trade_history()->set_market_id(market);
    total += uint64_t(auditor.call(query).trades().trades_size());
  }
  return total;
}

std::string read_status_field(int pid, const std::string& field) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind(field + ":", 0) == 0) {
      const std::string value = line.substr(field.size() + 1);
      return value.substr(value.find_first_not_of(" \t"));
    }
  }
  return "?";
}

// Creates the cohort's markets and funds its traders' accounts (in that cohort) from its admin.
bool prepare_cohort(const Options& options, const std::string& run_id, CohortRun& cohort,
                    std::vector<std::unique_ptr<Trader>>& traders, int64_t admin_id) {
  for (int m = 0; m < options.markets; ++m) {
    websocket_api::ClientMessage create;
    auto* market = create.mutable_create_market();
    market->set_name("load-" + run_id + "-" + std::to_string(m));
    market->set_min_settlement(0);
    market->set_max_settlement(100);
    const auto reply = cohort.admin->call(create);
    if (!reply.has_market()) {
      std::fprintf(stderr, "cannot create a market: %s\n", reply.DebugString().c_str());
      return false;
    }
    cohort.workload.markets.push_back(reply.market().id());
  }
  for (const size_t i : cohort.traders) {
    const std::string name = "load-" + run_id + "-" + std::to_string(i);
    // A test login enrols the trader in the cohort of the socket.
    const int64_t id = traders[i]->connect_and_login("test::" + name + "::" + name + "::false");
    websocket_api::ClientMessage fund;
    fund.mutable_make_transfer()->set_from_account_id(admin_id);
    fund.mutable_make_transfer()->set_to_account_id(id);
    // The admin starts with 100,000,000 in each cohort: share it out (worst case per unit <= 100).
    fund.mutable_make_transfer()->set_amount(std::floor(90'000'000.0 / double(cohort.traders.size())));
    if (!cohort.admin->call(fund).has_transfer_created()) {
      std::fprintf(stderr, "cannot fund trader %zu\n", i);
      return false;
    }
  }
  return true;
}

int run(const Options& options) {
  const std::string run_id = std::to_string(
      std::chrono::system_clock::now().time_since_epoch().count() % 1'000'000'000);
  std::vector<std::unique_ptr<boost::asio::io_context>> ios;
  for (int i = 0; i < options.threads; ++i) ios.push_back(std::make_unique<boost::asio::io_context>());
  std::vector<std::unique_ptr<boost::asio::io_context>> listener_ios;
  for (int i = 0; options.listeners > 0 && i < std::max(1, options.listener_threads); ++i) {
    listener_ios.push_back(std::make_unique<boost::asio::io_context>());
  }

  // Before the cohorts: their admin connections run on it and must be destroyed first.
  boost::asio::io_context setup_io;
  // A new admin per run: in each cohort it starts with its own money to fund the traders.
  const std::string admin_token =
      "test::loadgen-admin-" + run_id + "::loadgen-admin-" + run_id + "::true";
  std::vector<CohortRun> cohorts;
  for (const std::string& name : cohort_names(options.cohorts, options.cohort_count)) {
    if (!name.empty()) ensure_cohort(options.host, options.port, admin_token, name);
    cohorts.push_back(CohortRun{name, cohort_socket_path(name), nullptr, {}, {}, {}});
  }
  std::vector<std::unique_ptr<Trader>> traders;
  for (int i = 0; i < options.traders; ++i) {
    CohortRun& cohort = cohorts[size_t(i) % cohorts.size()];
    cohort.traders.push_back(size_t(i));
    traders.push_back(std::make_unique<Trader>(*ios[i % ios.size()], options.host, options.port,
                                               "load-" + run_id + "-" + std::to_string(i),
                                               uint64_t(i + 1), cohort.path));
  }
  for (size_t c = 0; c < cohorts.size(); ++c) {
    CohortRun& cohort = cohorts[c];
    cohort.admin = std::make_unique<Trader>(setup_io, options.host, options.port,
                                            "admin-" + run_id + "-" + std::to_string(c), 1,
                                            cohort.path);
    const int64_t admin_id = cohort.admin->connect_and_login(admin_token);
    cohort.workload.in_flight = options.in_flight;
    cohort.workload.rate_per_trader = options.rate / options.traders;
    if (!prepare_cohort(options, run_id, cohort, traders, admin_id)) return 1;
  }
  std::vector<std::unique_ptr<Listener>> listeners;
  for (int i = 0; i < options.listeners; ++i) {
    CohortRun& cohort = cohorts[size_t(i) % cohorts.size()];
    cohort.listeners.push_back(size_t(i));
    listeners.push_back(std::make_unique<Listener>(
        *listener_ios[i % listener_ios.size()], options.host, options.port,
        "listen-" + run_id + "-" +
            std::to_string(options.listener_accounts > 0 ? i % options.listener_accounts : i),
        cohort.path));
    listeners.back()->connect_and_login();
  }

  const auto start = Clock::now();
  const auto measure_from = start + std::chrono::duration_cast<Clock::duration>(
                                        std::chrono::duration<double>(options.warmup));
  const auto stop_at = measure_from + std::chrono::duration_cast<Clock::duration>(
                                          std::chrono::duration<double>(options.duration));
  for (const CohortRun& cohort : cohorts) {
    const std::set<int64_t> markets(cohort.workload.markets.begin(), cohort.workload.markets.end());
    for (const size_t i : cohort.listeners) listeners[i]->start(markets);
    // Open loop: the traders' sends are spread evenly over each interval, not sent together.
    for (size_t k = 0; k < cohort.traders.size(); ++k) {
      traders[cohort.traders[k]]->start(cohort.workload, measure_from, stop_at,
                                        double(k) / double(cohort.traders.size()));
    }
  }
  std::vector<std::thread> threads;
  const auto drained_at = stop_at + std::chrono::duration_cast<Clock::duration>(
                                        std::chrono::duration<double>(options.listener_drain));
  for (auto& io : ios) {
    threads.emplace_back([&io, stop_at] { io->run_until(stop_at + std::chrono::seconds(2)); });
  }
  for (auto& io : listener_ios) {
    threads.emplace_back([&io, drained_at] { io->run_until(drained_at); });
  }
  for (auto& thread : threads) thread.join();

  std::printf("traders %d, cohorts %zu, markets %d per cohort, %s, %.0f s measured after %.0f s "
              "warm-up\n",
              options.traders, cohorts.size(), options.markets,
              options.rate > 0 ? ("open loop at " + std::to_string(int(options.rate)) + "/s").c_str()
                               : ("closed loop, " + std::to_string(options.in_flight) +
                                  " in flight per trader").c_str(),
              options.duration, options.warmup);
  Histogram all;
  uint64_t acknowledged = 0;
  std::map<std::string, uint64_t> failures;
  std::vector<uint64_t> per_cohort;
  for (const CohortRun& cohort : cohorts) {
    uint64_t count = 0;
    for (const size_t i : cohort.traders) {
      all.merge(traders[i]->latencies());
      count += traders[i]->acknowledged();
      for (const auto& [text, n] : traders[i]->failures()) failures[text] += n;
    }
    acknowledged += count;
    per_cohort.push_back(count);
  }
  std::printf("acknowledged requests: %llu (%.0f/s)\n", (unsigned long long)acknowledged,
              double(acknowledged) / options.duration);
  for (size_t c = 0; cohorts.size() > 1 && c < cohorts.size(); ++c) {
    std::printf("  cohort %s: %zu traders, %llu acknowledged (%.0f/s)\n", cohorts[c].name.c_str(),
                cohorts[c].traders.size(), (unsigned long long)per_cohort[c],
                double(per_cohort[c]) / options.duration);
  }
  auto micros = [](uint64_t nanos) { return double(nanos) / 1000.0; };
  std::printf("latency us: p50 %.0f  p90 %.0f  p99 %.0f  p99.9 %.0f  max %.0f\n",
              micros(all.quantile(0.5)), micros(all.quantile(0.9)), micros(all.quantile(0.99)),
              micros(all.quantile(0.999)), micros(all.max()));
  for (const auto& [text, count] : failures) {
    std::printf("refused: %llu x %s\n", (unsigned long long)count, text.c_str());
  }
  if (!listeners.empty()) {
    uint64_t on_record = 0, fewest = UINT64_MAX, most = 0, complete = 0, dropped = 0;
    Histogram lag;
    for (const CohortRun& cohort : cohorts) {
      // Each listener should see every trade of its own cohort's markets, and no other.
      const uint64_t cohort_trades = cohort.listeners.empty() ? 0 : trades_on_record(options, run_id, cohort);
      on_record += cohort_trades;
      for (const size_t i : cohort.listeners) {
        const Listener& listener = *listeners[i];
        fewest = std::min(fewest, listener.trades_seen());
        most = std::max(most, listener.trades_seen());
        complete += listener.trades_seen() == cohort_trades ? 1 : 0;
        dropped += listener.disconnected() ? 1 : 0;
        lag.merge(listener.lag());
      }
    }
    std::printf("listeners %d: %llu received all trades of their cohort (%llu on record in all), "
                "fewest %llu, most %llu, %llu disconnected\n",
                options.listeners, (unsigned long long)complete, (unsigned long long)on_record,
                (unsigned long long)fewest, (unsigned long long)most, (unsigned long long)dropped);
    std::printf("trade to listener us: p50 %.0f  p99 %.0f  p99.9 %.0f  max %.0f\n",
                micros(lag.quantile(0.5)), micros(lag.quantile(0.99)),
                micros(lag.quantile(0.999)), micros(lag.max()));
  }
  if (options.server_pid > 0) {
    std::printf("server RSS %s, peak %s\n", read_status_field(options.server_pid, "VmRSS").c_str(),
                read_status_field(options.server_pid, "VmHWM").c_str());
  }
  return 0;
}

}  // namespace
}  // namespace exchange::loadgen

int main(int argc, char** argv) {
  exchange::loadgen::Options options;
  CLI::App cli{"Load generator for the exchange (needs --insecure-test-auth on the server)"};
  cli.add_option("--host", options.host)->capture_default_str();
  cli.add_option("--port", options.port)->capture_default_str();
  cli.add_option("--traders", options.traders, "Connections, one user each")->capture_default_str();
  cli.add_option("--markets", options.markets)->capture_default_str();
  cli.add_option("--threads", options.threads, "Client I/O threads")->capture_default_str();
  // Every new account is announced to every connection and listed in every later login's
  // snapshot, so 10,000 new accounts cost O(n^2) at set-up; sharing accounts avoids that.
  cli.add_option("--listener-accounts", options.listener_accounts,
                 "Accounts the listeners log in as, shared round robin (0: one each)")
      ->capture_default_str();
  cli.add_option("--listener-drain", options.listener_drain,
                 "Seconds the listeners keep reading after the load stops (their backlog)")
      ->capture_default_str();
  cli.add_option("--listener-threads", options.listener_threads,
                 "I/O threads for the listeners, apart from the traders'")
      ->capture_default_str();
  cli.add_option("--duration", options.duration, "Measured seconds")->capture_default_str();
  cli.add_option("--warmup", options.warmup, "Unmeasured seconds first")->capture_default_str();
  cli.add_option("--rate", options.rate, "Total requests/s (open loop); 0 = closed loop")
      ->capture_default_str();
  cli.add_option("--in-flight", options.in_flight, "Closed loop: outstanding per trader")
      ->capture_default_str();
  cli.add_option("--server-pid", options.server_pid, "Report this process's memory")
      ->capture_default_str();
  cli.add_option("--listeners", options.listeners,
                 "Extra connections that only receive, to check every trade reaches each")
      ->capture_default_str();
  cli.add_option("--cohort", options.cohorts,
                 "Cohort to load (repeatable; created if missing); traders spread round robin")
      ->take_all();
  cli.add_option("--cohorts", options.cohort_count,
                 "Also spread the traders over cohorts load-1..load-N (created if missing)")
      ->capture_default_str();
  CLI11_PARSE(cli, argc, argv);
  try {
    return exchange::loadgen::run(options);
  } catch (const std::exception& error) {
    std::fprintf(stderr, "loadgen: %s\n", error.what());
    return 1;
  }
}
