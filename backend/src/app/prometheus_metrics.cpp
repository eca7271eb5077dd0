#include "app/prometheus_metrics.h"

#include <prometheus/collectable.h>
#include <prometheus/counter.h>
#include <prometheus/exposer.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>

#include <array>
#include <chrono>
#include <map>
#include <mutex>
#include <shared_mutex>
#include <stdexcept>
#include <string_view>
#include <vector>

#include "api/request_kinds.h"

namespace exchange::app {
namespace {

namespace prom = prometheus;
using metrics::Outcome;
using metrics::SlowConsumer;

constexpr std::array<std::string_view, metrics::kOutcomeCount> kOutcomeNames{"ok", "failed",
                                                                            "rate_limited"};
// Indexed by metrics::SlowConsumer.
constexpr std::array<std::string_view, 3> kSlowConsumerReasons{"queue_full", "server_full",
                                                              "not_reading"};

std::vector<double> geometric(double first, double factor, int count) {
  std::vector<double> bounds;
  for (double bound = first; count-- > 0; bound *= factor) bounds.push_back(bound);
  return bounds;
}

double seconds(std::chrono::nanoseconds duration) {
  return std::chrono::duration<double>(duration).count();
}

// Every family, registered once in the registry.
struct Families {
  explicit Families(prom::Registry& registry)
      : requests(prom::BuildCounter()
                     .Name("exchange_requests_total")
                     .Help("Logins and requests answered, by kind and outcome")
                     .Register(registry)),
        rate_limited(prom::BuildCounter()
                         .Name("exchange_rate_limit_refusals_total")
                         .Help("Logins and requests refused by the per-user rate limit")
                         .Register(registry)),
        orders(prom::BuildCounter()
                   .Name("exchange_orders_total")
                   .Help("Orders placed (committed)")
                   .Register(registry)),
        trades(prom::BuildCounter()
                   .Name("exchange_trades_total")
                   .Help("Trades (fills) committed")
                   .Register(registry)),
        transfers(prom::BuildCounter()
                      .Name("exchange_transfers_total")
                      .Help("Transfers of money between accounts committed")
                      .Register(registry)),
        failed_commits(prom::BuildCounter()
                           .Name("exchange_failed_commits_total")
                           .Help("Batches whose commit failed and was rolled back")
                           .Register(registry)),
        batch_size(prom::BuildHistogram()
                       .Name("exchange_batch_size")
                       .Help("Inputs (logins, requests, closes) applied and committed together")
                       .Register(registry)),
        queue_depth(prom::BuildHistogram()
                        .Name("exchange_sequencer_queue_depth")
                        .Help("Inputs waiting in the sequencer's queue when a batch is taken, "
                              "the batch's own included")
                        .Register(registry)),
        commit_seconds(prom::BuildHistogram()
                           .Name("exchange_commit_duration_seconds")
                           .Help("Time of each batch's SQLite commit")
                           .Register(registry)),
        snapshot_bytes(prom::BuildHistogram()
                           .Name("exchange_login_snapshot_bytes")
                           .Help("Encoded size of each login snapshot sent")
                           .Register(registry)),
        logged_in(prom::BuildGauge()
                      .Name("exchange_logged_in_sessions")
                      .Help("Sessions logged in to the cohort's exchange")
                      .Register(registry)),
        websockets(prom::BuildGauge()
                       .Name("exchange_websocket_sessions")
                       .Help("Open WebSocket sessions routed to the cohort, logged in or not")
                       .Register(registry)),
        slow_consumers(prom::BuildCounter()
                           .Name("exchange_slow_consumer_disconnects_total")
                           .Help("WebSocket sessions closed because the client did not keep up")
                           .Register(registry)),
        start_time(prom::BuildGauge()
                       .Name("exchange_start_time_seconds")
                       .Help("When the server started, in seconds since the Unix epoch")
                       .Register(registry)) {}

  prom::Family<prom::Counter>& requests;
  prom::Family<prom::Counter>& rate_limited;
  prom::Family<prom::Counter>& orders;
  prom::Family<prom::Counter>& trades;
  prom::Family<prom::Counter>& transfers;
  prom::Family<prom::Counter>& failed_commits;
  prom::Family<prom::Histogram>& batch_size;
  prom::Family<prom::Histogram>& queue_depth;
  prom::Family<prom::Histogram>& commit_seconds;
  prom::Family<prom::Histogram>& snapshot_bytes;
  prom::Family<prom::Gauge>& logged_in;
  prom::Family<prom::Gauge>& websockets;
  prom::Family<prom::Counter>& slow_consumers;
  prom::Family<prom::Gauge>& start_time;
};

// One cohort's series, found by index on the sequencer thread. Holds the registry, which owns
// the series, for as long as the exchange instance may count.
class CohortSeries final : public metrics::CohortSink {
 public:
  CohortSeries(std::shared_ptr<prom::Registry> registry, Families& families,
               const std::string& cohort)
      : registry_(std::move(registry)),
        rate_limited_(families.rate_limited.Add({{"cohort", cohort}})),
        orders_(families.orders.Add({{"cohort", cohort}})),
        trades_(families.trades.Add({{"cohort", cohort}})),
        transfers_(families.transfers.Add({{"cohort", cohort}})),
        failed_commits_(families.failed_commits.Add({{"cohort", cohort}})),
        batch_size_(families.batch_size.Add({{"cohort", cohort}},
                                            PrometheusMetrics::batch_size_buckets())),
        queue_depth_(families.queue_depth.Add({{"cohort", cohort}},
                                              PrometheusMetrics::queue_depth_buckets())),
        commit_seconds_(families.commit_seconds.Add({{"cohort", cohort}},
                                                    PrometheusMetrics::commit_seconds_buckets())),
        snapshot_bytes_(families.snapshot_bytes.Add({{"cohort", cohort}},
                                                    PrometheusMetrics::snapshot_bytes_buckets())),
        logged_in_(families.logged_in.Add({{"cohort", cohort}})) {
    const std::span<const api::RequestKind> kinds = api::request_kinds();
    // One more kind than the table: requests this server does not implement.
    for (size_t kind = 0; kind <= kinds.size(); ++kind) {
      const std::string name(kind < kinds.size() ? kinds[kind].name : "Unknown");
      if (kind < kinds.size() &&
          kinds[kind].message_case == websocket_api::ClientMessage::kAuthenticate) {
        authenticate_ = kind;
      }
      if (kind < kinds.size() &&
          kinds[kind].message_case == websocket_api::ClientMessage::kCreateOrder) {
        create_order_ = kind;
      }
      for (std::string_view outcome : kOutcomeNames) {
        requests_.push_back(&families.requests.Add(
            {{"cohort", cohort}, {"kind", name}, {"outcome", std::string(outcome)}}));
      }
    }
  }

  void request(size_t kind, Outcome outcome) override {
    const size_t index = kind * metrics::kOutcomeCount + static_cast<size_t>(outcome);
    if (index >= requests_.size()) return;
    requests_[index]->Increment();
    if (outcome == Outcome::kRateLimited) rate_limited_.Increment();
    // Filled at once or resting, every order placed; counted when its batch commits.
    if (kind == create_order_ && outcome == Outcome::kOk) ++orders_in_batch_;
  }

  void login(Outcome outcome, size_t snapshot_bytes) override {
    request(authenticate_, outcome);
    if (outcome == Outcome::kOk) snapshot_bytes_.Observe(static_cast<double>(snapshot_bytes));
  }

  void batch(const metrics::BatchReport& report) override {
    batch_size_.Observe(static_cast<double>(report.inputs));
    queue_depth_.Observe(static_cast<double>(report.queued));
    commit_seconds_.Observe(seconds(report.commit_time));
    if (!report.committed) failed_commits_.Increment();
    if (report.committed && orders_in_batch_ > 0) {
      orders_.Increment(static_cast<double>(orders_in_batch_));
    }
    orders_in_batch_ = 0;
    if (report.trades > 0) trades_.Increment(static_cast<double>(report.trades));
    if (report.transfers > 0) transfers_.Increment(static_cast<double>(report.transfers));
    logged_in_.Set(static_cast<double>(report.sessions));
  }

 private:
  std::shared_ptr<prom::Registry> registry_;
  std::vector<prom::Counter*> requests_;  // [kind * kOutcomeCount + outcome]
  size_t authenticate_ = static_cast<size_t>(-1);  // indexes into requests_ / kOutcomeCount
  size_t create_order_ = static_cast<size_t>(-1);
  size_t orders_in_batch_ = 0;  // successful CreateOrders of the batch being applied
  prom::Counter& rate_limited_;
  prom::Counter& orders_;
  prom::Counter& trades_;
  prom::Counter& transfers_;
  prom::Counter& failed_commits_;
  prom::Histogram& batch_size_;
  prom::Histogram& queue_depth_;
  prom::Histogram& commit_seconds_;
  prom::Histogram& snapshot_bytes_;
  prom::Gauge& logged_in_;
};

// Server-wide values computed when scraped rather than kept up to date.
class ScrapeGauges final : public prom::Collectable {
 public:
  void set(ScrapeReadings readings) {
    std::lock_guard lock(mutex_);
    readings_ = std::move(readings);
  }

  std::vector<prom::MetricFamily> Collect() const override {
    std::lock_guard lock(mutex_);
    std::vector<prom::MetricFamily> families;
    add(families, "exchange_connections", "Open TCP connections, HTTP and WebSocket",
        readings_.connections);
    add(families, "exchange_send_queue_bytes",
        "Bytes waiting in every connection's send queue together", readings_.queued_bytes);
    return families;
  }

 private:
  static void add(std::vector<prom::MetricFamily>& families, std::string name, std::string help,
                  const std::function<size_t()>& read) {
    if (!read) return;
    prom::MetricFamily family{std::move(name), std::move(help), prom::MetricType::Gauge, {}};
    prom::ClientMetric metric;
    metric.gauge.value = static_cast<double>(read());
    family.metric.push_back(std::move(metric));
    families.push_back(std::move(family));
  }

  mutable std::mutex mutex_;
  ScrapeReadings readings_;
};

// The series net/ counts into, per cohort.
struct ConnectionSeries {
  prom::Gauge* websockets = nullptr;
  std::array<prom::Counter*, kSlowConsumerReasons.size()> slow{};
};

}  // namespace

class PrometheusMetrics::Impl final : public metrics::ConnectionSink {
 public:
  explicit Impl(const std::string& listen)
      : registry_(std::make_shared<prom::Registry>()),
        families_(*registry_),
        scrape_(std::make_shared<ScrapeGauges>()) {
    const auto now = std::chrono::system_clock::now().time_since_epoch();
    families_.start_time.Add({}).Set(std::chrono::duration<double>(now).count());
    try {
      exposer_ = std::make_unique<prom::Exposer>(listen, /*num_threads=*/1);
    } catch (const std::exception& error) {
      throw std::runtime_error("cannot serve metrics on \"" + listen + "\": " + error.what());
    }
    exposer_->RegisterCollectable(registry_);
    exposer_->RegisterCollectable(scrape_);
  }

  std::shared_ptr<metrics::CohortSink> cohort(messaging::CohortId id, const std::string& name) {
    {
      std::unique_lock lock(mutex_);  // prometheus-cpp's Add is thread-safe; the map is ours
      auto [it, added] = connections_.try_emplace(id);
      if (added) {
        it->second.websockets = &families_.websockets.Add({{"cohort", name}});
        for (size_t reason = 0; reason < kSlowConsumerReasons.size(); ++reason) {
          it->second.slow[reason] = &families_.slow_consumers.Add(
              {{"cohort", name}, {"reason", std::string(kSlowConsumerReasons[reason])}});
        }
      }
    }
    return std::make_shared<CohortSeries>(registry_, families_, name);
  }

  void session_opened(int64_t cohort) override {
    if (const ConnectionSeries* series = find(cohort)) series->websockets->Increment();
  }
  void session_closed(int64_t cohort) override {
    if (const ConnectionSeries* series = find(cohort)) series->websockets->Decrement();
  }
  void slow_consumer(int64_t cohort, SlowConsumer why) override {
    const auto reason = static_cast<size_t>(why);
    const ConnectionSeries* series = find(cohort);
    if (series != nullptr && reason < series->slow.size()) series->slow[reason]->Increment();
  }

  uint16_t port() const {
    const std::vector<int> ports = exposer_->GetListeningPorts();
    return ports.empty() ? 0 : static_cast<uint16_t>(ports.front());
  }
  ScrapeGauges& scrape() { return *scrape_; }
  // Ends serving (joins the HTTP threads). The sinks handed out may outlive this object's owner
  // (the network server holds this one), but nothing is read at scrape time afterwards.
  void stop_serving() {
    exposer_.reset();
    scrape_->set({});
  }

 private:
  // Entries are never removed (cohorts are never unloaded), so a pointer stays valid.
  const ConnectionSeries* find(int64_t cohort) const {
    std::shared_lock lock(mutex_);
    auto it = connections_.find(cohort);
    return it == connections_.end() ? nullptr : &it->second;
  }

  std::shared_ptr<prom::Registry> registry_;
  Families families_;
  std::shared_ptr<ScrapeGauges> scrape_;
  mutable std::shared_mutex mutex_;
  std::map<int64_t, ConnectionSeries> connections_;
  // Last: destroyed first, so no scrape runs while the rest goes.
  std::unique_ptr<prom::Exposer> exposer_;  // null once stop_serving() ran
};

PrometheusMetrics::PrometheusMetrics(const std::string& listen)
    : impl_(std::make_shared<Impl>(listen)), port_(impl_->port()) {}

PrometheusMetrics::~PrometheusMetrics() { impl_->stop_serving(); }

std::shared_ptr<metrics::CohortSink> PrometheusMetrics::cohort(messaging::CohortId id,
                                                               const std::string& name) {
  return impl_->cohort(id, name);
}

std::shared_ptr<metrics::ConnectionSink> PrometheusMetrics::connections() const { return impl_; }

void PrometheusMetrics::read_at_scrape(ScrapeReadings readings) {
  impl_->scrape().set(std::move(readings));
}

const std::vector<double>& PrometheusMetrics::batch_size_buckets() {
  static const std::vector<double> bounds = geometric(1, 2, 11);  // 1 .. 1024 (max_batch)
  return bounds;
}

const std::vector<double>& PrometheusMetrics::queue_depth_buckets() {
  static const std::vector<double> bounds = geometric(1, 4, 9);  // 1 .. 65536
  return bounds;
}

const std::vector<double>& PrometheusMetrics::commit_seconds_buckets() {
  static const std::vector<double> bounds = geometric(0.0001, 2, 15);  // 100 µs .. 1.6 s
  return bounds;
}

const std::vector<double>& PrometheusMetrics::snapshot_bytes_buckets() {
  static const std::vector<double> bounds = geometric(1024, 4, 10);  // 1 KiB .. 256 MiB
  return bounds;
}

bool metrics_disabled(const std::string& listen) { return listen.empty() || listen == "off"; }

}  // namespace exchange::app
