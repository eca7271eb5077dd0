#pragma once
// Command-line flags of the exchange binary; each also reads an environment variable.

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

namespace exchange::app {

// Loopback only: metrics tell about the classroom's activity, so they are not public unless the
// operator chooses an address (docs/deploy.md "Metrics").
inline constexpr const char* kDefaultMetricsListen = "127.0.0.1:9464";

struct Config {
  uint16_t port = 8080;
  std::string address = "0.0.0.0";
  std::string data_dir = "./data";
  std::string web_dir;
  bool insecure_test_auth = false;
  std::string sync = "normal";  // normal | full
  std::string rate_limits = "on";
  int io_threads = 2;
  size_t max_message_bytes = 1 << 20;
  size_t max_outbound_bytes = 64 << 20;
  size_t max_bulk_outbound_bytes = 512 << 20;  // snapshots and re-sends (see net/server.h)
  size_t max_queued_bytes = size_t{2} << 30;    // all connections' send queues together
  size_t max_connections = 10'000;
  size_t max_connections_per_address = 256;
  // Not flags; tests shorten them.
  std::chrono::milliseconds login_timeout{20'000};
  std::chrono::milliseconds write_stall_timeout{60'000};
  size_t max_upload_bytes = 5 << 20;
  // Image upload quotas (not flags), counted over every upload ever stored, across restarts:
  // per user (by login subject) and over all users, so no one account or crowd fills the disk.
  size_t max_upload_images_per_user = 50;
  uint64_t max_upload_bytes_per_user = 50 << 20;
  uint64_t max_upload_total_bytes = uint64_t{2} << 30;
  // Plain HTTP connections (not flags; tests lower them): closed when idle this long, or when
  // a started request is not complete this long after its first byte.
  std::chrono::milliseconds http_idle_timeout{30'000};
  std::chrono::milliseconds http_request_timeout{30'000};
  // Where /metrics (Prometheus) is served, "host:port"; empty or "off": nowhere. The binary's
  // flag defaults to kDefaultMetricsListen; a server built in-process (tests) serves none unless
  // asked.
  std::string metrics_listen;
  std::string log_level = "info";
  std::string log_format = "text";  // or "json": one JSON object per line
  // The cohorts (names) this process serves; empty: every cohort. Several processes sharing one
  // data directory each serve their own, behind a proxy that routes /api/ws/<cohort> to the
  // owner (docs/scaling.md).
  std::vector<std::string> serve_cohorts;
  // With serve_cohorts: how often the cohorts' switches and the default cohort, which another
  // process may change, are re-read from the global database (not a flag; tests call
  // ExchangeServer::refresh_cohorts instead of waiting).
  std::chrono::milliseconds cohort_refresh_interval{1'000};

  // Login (see docs/authentication.md). OIDC mode when oidc_issuer is set, else built-in.
  std::string oidc_issuer;
  std::string oidc_audience;  // comma-separated
  std::string oidc_client_id;
  std::string admin_role = "admin";
  // Machine-to-machine clients (cohorts.md 2.4): comma-separated identities made admin, and
  // the one whose WebSocket logins are "Arbor Pixie".
  std::string admin_m2m_client_ids;
  std::string arbor_pixie_m2m_client_id;
  std::string registration = "open";       // open | closed (built-in mode)
  std::string password_cost = "owasp";  // owasp | moderate | interactive; "minimum" for tests
  // The one-time instructor setup code (built-in mode, while no admin exists); empty: random.
  std::string setup_code;
  // X-Forwarded-For is believed only from these peers (IP addresses: the reverse proxy);
  // trust_forwarded_for adds the loopback addresses 127.0.0.1 and ::1.
  std::vector<std::string> trusted_proxies;
  bool trust_forwarded_for = false;
  int worker_threads = 2;
  // Failed password logins allowed per client address and window (not flags; tests lower them).
  int login_failures_allowed = 10;
  std::chrono::seconds login_failure_window{15 * 60};
  // Per-address throttles of registrations and login attempts (not flags; tests lower them;
  // off with --rate-limits off): a burst, then one more per interval.
  int registrations_burst = 30;
  std::chrono::milliseconds registration_interval{10'000};
  int login_attempts_burst = 60;
  std::chrono::milliseconds login_attempt_interval{1'000};
};

}  // namespace exchange::app
