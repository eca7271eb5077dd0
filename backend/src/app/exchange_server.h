#pragma once
// The whole exchange in one object: the global database (people, cohorts), one exchange
// instance per cohort (database, sequencer, history reader, checkpointer) and the network
// server, wired as main() runs them. Tests start it in-process on a free port.

#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>

#include "app/cohort_registry.h"
#include "app/config.h"
#include "app/prometheus_metrics.h"
#include "auth/authentication.h"
#include "cohorts/directory.h"
#include "engine/exchange_instance.h"
#include "net/server.h"

namespace exchange::app {

// Test seams, fixed at construction rather than swapped in later.
struct ServerSeams {
  engine::WriterFactory make_writer;  // see engine::InstanceOptions
};

class ExchangeServer {
 public:
  explicit ExchangeServer(Config config, ServerSeams seams = {});
  ~ExchangeServer();
  ExchangeServer(const ExchangeServer&) = delete;
  ExchangeServer& operator=(const ExchangeServer&) = delete;

  // Starts the exchange instance and the network; returns the bound port.
  uint16_t start();
  // Graceful: the batch in progress finishes and is delivered, then connections close.
  void stop();

  // The default cohort's exchange (tests of a single cohort).
  engine::ExchangeInstance& instance();
  CohortRegistry& cohorts() { return *registry_; }
  cohorts::Directory& directory() { return *directory_; }
  net::Server& server() { return *server_; }
  // The port /metrics is served on (Config::metrics_listen); 0 when metrics are off.
  uint16_t metrics_port() const { return metrics_ ? metrics_->port() : 0; }
  // The pending instructor setup code (built-in login, no admin yet), for the console.
  std::optional<std::string> setup_code() const { return auth_->setup_code(); }
  // With --serve-cohorts: re-reads what another process sharing the data directory may have
  // changed (cohort switches, the default cohort); also done every cohort_refresh_interval.
  void refresh_cohorts() { registry_->refresh(); }

 private:
  // Opens the user's exchange account now, if it has none (see messaging::Inbound::kProvision).
  void provision(messaging::Identity identity);
  Config config_;
  std::unique_ptr<cohorts::Directory> directory_;
  std::unique_ptr<CohortRegistry> registry_;
  // Declared before server_: the server's threads call into it until the server is gone.
  std::unique_ptr<auth::Authentication> auth_;
  std::unique_ptr<net::Server> server_;
  // Created first (the cohorts count into it) but declared last: destroyed first, so no scrape
  // reads the server while it goes. Null when metrics are off.
  std::unique_ptr<PrometheusMetrics> metrics_;
  bool stopped_ = true;
  // With --serve-cohorts: the thread that calls refresh_cohorts() periodically.
  std::jthread refresher_;
  std::mutex refresher_mutex_;
  std::condition_variable_any refresher_wake_;
};

}  // namespace exchange::app
