#pragma once
// The monitoring exporter (issue 20, docs/deploy.md "Metrics"): one prometheus-cpp registry
// holding every series, served at /metrics in the Prometheus text format by its own small HTTP
// server on the --metrics-listen address, never on the public port. It implements the sinks
// that engine/ (metrics::CohortSink, one per cohort) and net/ (metrics::ConnectionSink) count
// through, and reads a few server-wide values (open connections, send queues) at scrape time.
//
// Every series of a cohort is created when the cohort is opened, labelled with its name, so the
// sequencer's counting is an atomic add on a series found by index, never by name.

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "messaging/session_id.h"
#include "metrics/cohort_sink.h"
#include "metrics/connection_sink.h"

namespace exchange::app {

// Values read when /metrics is scraped (thread-safe functions).
struct ScrapeReadings {
  std::function<size_t()> connections;   // open TCP connections, HTTP and WebSocket
  std::function<size_t()> queued_bytes;  // held by every send queue together
};

class PrometheusMetrics {
 public:
  // Starts serving /metrics on `listen`, "host:port" ("[::1]:port" for IPv6; port 0: any free
  // port). Throws std::runtime_error when it cannot listen there.
  explicit PrometheusMetrics(const std::string& listen);
  ~PrometheusMetrics();
  PrometheusMetrics(const PrometheusMetrics&) = delete;
  PrometheusMetrics& operator=(const PrometheusMetrics&) = delete;

  // The port /metrics is served on.
  uint16_t port() const { return port_; }

  // Creates the series of a cohort (label cohort="<name>") and returns the sink its exchange
  // instance counts into. Thread-safe; a cohort opened twice shares its series.
  std::shared_ptr<metrics::CohortSink> cohort(messaging::CohortId id, const std::string& name);
  // What the network server reports to; sessions of a cohort never opened here are not counted.
  std::shared_ptr<metrics::ConnectionSink> connections() const;
  // Serves these values from now on; the functions must stay callable until this is destroyed.
  void read_at_scrape(ScrapeReadings readings);

  // Histogram buckets (upper bounds), exposed for the tests and the documentation.
  static const std::vector<double>& batch_size_buckets();
  static const std::vector<double>& queue_depth_buckets();
  static const std::vector<double>& commit_seconds_buckets();
  static const std::vector<double>& snapshot_bytes_buckets();

 private:
  class Impl;
  std::shared_ptr<Impl> impl_;
  uint16_t port_ = 0;
};

// "off" or empty: no metrics.
bool metrics_disabled(const std::string& listen);

}  // namespace exchange::app
