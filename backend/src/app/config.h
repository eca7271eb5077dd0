#pragma once
// Command-line flags of the exchange binary; each also reads an environment variable.

#include <chrono>
#include <cstdint>
#include <string>

namespace exchange::app {

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
  size_t max_upload_bytes = 5 << 20;
  std::string log_level = "info";

  // Login (see docs/authentication.md). OIDC mode when oidc_issuer is set, else built-in.
  std::string oidc_issuer;
  std::string oidc_audience;  // comma-separated
  std::string oidc_client_id;
  std::string admin_role = "admin";
  std::string registration = "open";       // open | closed (built-in mode)
  std::string password_cost = "moderate";  // moderate | interactive; "minimum" for tests only
  bool trust_forwarded_for = false;
  int worker_threads = 2;
  // Failed password logins allowed per client address and window (not flags; tests lower them).
  int login_failures_allowed = 10;
  std::chrono::seconds login_failure_window{15 * 60};
};

}  // namespace exchange::app
