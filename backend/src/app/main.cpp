// The exchange server: configuration and wiring, nothing else.

#include <fmt/ranges.h>
#include <spdlog/spdlog.h>
#include <CLI/CLI.hpp>

#include <csignal>
#include <optional>

#include "app/backup_commands.h"
#include "app/config.h"
#include "app/exchange_server.h"
#include "app/host.h"
#include "app/json_log.h"
#include "app/user_commands.h"

namespace exchange::app {
namespace {

void add_flags(CLI::App& cli, Config& config) {
  cli.add_option("--port", config.port, "TCP port for HTTP and WebSocket (/api)")
      ->envname("EXCHANGE_PORT")
      ->capture_default_str();
  cli.add_option("--address", config.address, "Address to listen on")
      ->envname("EXCHANGE_ADDRESS")
      ->capture_default_str();
  cli.add_option("--data-dir", config.data_dir, "Directory for the database and uploads")
      ->envname("EXCHANGE_DATA_DIR")
      ->capture_default_str();
  cli.add_option("--web-dir", config.web_dir, "Static web app served at / (empty: none)")
      ->envname("EXCHANGE_WEB_DIR");
  cli.add_flag("--insecure-test-auth", config.insecure_test_auth,
               "Accept unsigned test tokens 'test::<subject>::<name>::<is_admin>' (never in "
               "production)")
      ->envname("EXCHANGE_INSECURE_TEST_AUTH");
  cli.add_option("--sync", config.sync, "SQLite durability: normal or full")
      ->envname("EXCHANGE_SYNC")
      ->check(CLI::IsMember({"normal", "full"}))
      ->capture_default_str();
  cli.add_option("--rate-limits", config.rate_limits,
                 "Request rate limits (per user; per address for registration and login): on "
                 "or off")
      ->envname("EXCHANGE_RATE_LIMITS")
      ->check(CLI::IsMember({"on", "off"}))
      ->capture_default_str();
  cli.add_option("--io-threads", config.io_threads, "Network threads")
      ->envname("EXCHANGE_IO_THREADS")
      ->check(CLI::Range(1, 64))
      ->capture_default_str();
  cli.add_option("--max-message-bytes", config.max_message_bytes,
                 "Largest WebSocket message accepted from a client")
      ->envname("EXCHANGE_MAX_MESSAGE_BYTES")
      ->capture_default_str();
  cli.add_option("--max-outbound-bytes", config.max_outbound_bytes,
                 "Per-connection send queue limit; a client that falls this far behind is "
                 "disconnected")
      ->envname("EXCHANGE_MAX_OUTBOUND_BYTES")
      ->capture_default_str();
  cli.add_option("--max-snapshot-bytes", config.max_bulk_outbound_bytes,
                 "Per-connection limit for a login snapshot or re-send still being sent")
      ->envname("EXCHANGE_MAX_SNAPSHOT_BYTES")
      ->capture_default_str();
  cli.add_option("--max-queued-bytes", config.max_queued_bytes,
                 "What all connections' send queues may hold together; past it, connections "
                 "holding over a 64th of it are disconnected as slow")
      ->envname("EXCHANGE_MAX_QUEUED_BYTES")
      ->capture_default_str();
  cli.add_option("--max-connections", config.max_connections,
                 "Open connections (HTTP and WebSocket) in all")
      ->envname("EXCHANGE_MAX_CONNECTIONS")
      ->capture_default_str();
  cli.add_option("--max-connections-per-address", config.max_connections_per_address,
                 "Open connections from one client address (a classroom behind one NAT shares it)")
      ->envname("EXCHANGE_MAX_CONNECTIONS_PER_ADDRESS")
      ->capture_default_str();
  cli.add_option("--max-upload-bytes", config.max_upload_bytes, "Largest auction image accepted")
      ->envname("EXCHANGE_MAX_UPLOAD_BYTES")
      ->capture_default_str();
  cli.add_option("--serve-cohorts", config.serve_cohorts,
                 "Serve only these cohorts (comma-separated names; default: all). For several "
                 "processes sharing one data directory behind a proxy (docs/scaling.md)")
      ->envname("EXCHANGE_SERVE_COHORTS")
      ->delimiter(',');
  config.metrics_listen = kDefaultMetricsListen;
  cli.add_option("--metrics-listen", config.metrics_listen,
                 "Address (host:port) serving Prometheus metrics at /metrics, apart from the "
                 "public port; off: no metrics")
      ->envname("EXCHANGE_METRICS_LISTEN")
      ->capture_default_str();
  cli.add_option("--log-level", config.log_level, "trace, debug, info, warn or error")
      ->envname("EXCHANGE_LOG_LEVEL")
      ->capture_default_str();
  cli.add_option("--log-format", config.log_format,
                 "text, or json for one JSON object per line (for log collectors)")
      ->envname("EXCHANGE_LOG_FORMAT")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();

  // Login; see docs/authentication.md.
  cli.add_option("--oidc-issuer", config.oidc_issuer,
                 "OIDC issuer URL (exact 'iss'; keys from <issuer>/.well-known/jwks.json). Set: "
                 "OIDC login; empty: built-in login")
      ->envname("KINDE_ISSUER");
  cli.add_option("--oidc-audience", config.oidc_audience,
                 "Accepted token audiences, comma-separated (required with --oidc-issuer; the "
                 "first is the one the web app asks for)")
      ->envname("KINDE_AUDIENCE");
  cli.add_option("--oidc-client-id", config.oidc_client_id,
                 "The web app's OIDC client id (for its PKCE login; accepted as the id token's "
                 "audience)")
      ->envname("EXCHANGE_OIDC_CLIENT_ID");
  cli.add_option("--admin-role", config.admin_role, "Role key that makes a user admin")
      ->envname("EXCHANGE_ADMIN_ROLE")
      ->capture_default_str();
  cli.add_option("--admin-m2m-client-ids", config.admin_m2m_client_ids,
                 "Machine-to-machine client ids (comma-separated) whose tokens are admin")
      ->envname("KINDE_ADMIN_M2M_CLIENT_IDS");
  cli.add_option("--arbor-pixie-m2m-client-id", config.arbor_pixie_m2m_client_id,
                 "Machine-to-machine client id whose WebSocket logins are the seeded 'Arbor "
                 "Pixie' account")
      ->envname("ARBOR_PIXIE_M2M_CLIENT_ID");
  cli.add_option("--registration", config.registration,
                 "Built-in login: may anyone register (open) or only the 'user add' command "
                 "(closed)")
      ->envname("EXCHANGE_REGISTRATION")
      ->check(CLI::IsMember({"open", "closed"}))
      ->capture_default_str();
  cli.add_option("--password-cost", config.password_cost,
                 "Built-in login: argon2id cost of new password hashes, owasp (19 MiB, 2 "
                 "passes: OWASP's recommendation), moderate (256 MiB) or interactive (64 MiB)")
      ->envname("EXCHANGE_PASSWORD_COST")
      ->check(CLI::IsMember({"owasp", "moderate", "interactive"}))
      ->capture_default_str();
  cli.add_option("--setup-code", config.setup_code,
                 "Built-in login: the one-time code that registers the instructor (admin) while "
                 "no admin exists (at least 12 letters or digits; default: random, printed at "
                 "start-up)")
      ->envname("EXCHANGE_SETUP_CODE");
  cli.add_option("--trusted-proxy", config.trusted_proxies,
                 "IP address of a reverse proxy (repeatable or comma-separated): requests from "
                 "it are counted against the last X-Forwarded-For address, in login throttles")
      ->envname("EXCHANGE_TRUSTED_PROXY")
      ->delimiter(',');
  cli.add_flag("--trust-forwarded-for", config.trust_forwarded_for,
               "Same as --trusted-proxy 127.0.0.1,::1 (a reverse proxy on this host)")
      ->envname("EXCHANGE_TRUST_FORWARDED_FOR");
  cli.add_option("--worker-threads", config.worker_threads,
                 "Threads for password hashing and token checks")
      ->envname("EXCHANGE_WORKER_THREADS")
      ->check(CLI::Range(1, 64))
      ->capture_default_str();
}

int run(const Config& config) {
  spdlog::set_level(spdlog::level::from_str(config.log_level));
  // Signals are taken by sigwait below, so block them before any thread starts.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  // The connection limits must fit in the descriptors the process may hold, or a flood of
  // sockets would make accept() fail for everyone instead of being refused one by one.
  Config adjusted = config;
  const size_t descriptors = raise_descriptor_limit();
  const size_t room = descriptors > 2 * kReservedDescriptors ? descriptors - kReservedDescriptors
                                                             : descriptors / 2;
  if (adjusted.max_connections > room) {
    spdlog::warn("only {} file descriptors: at most {} connections instead of {}", descriptors,
                 room, adjusted.max_connections);
    adjusted.max_connections = room;
  }

  ExchangeServer exchange(adjusted);
  const uint16_t port = exchange.start();
  const std::vector<std::string> urls = served_urls(config.address, port);
  spdlog::info("exchange listening on {} (WebSocket at /api), data in {}", fmt::join(urls, ", "),
               config.data_dir);
  if (std::optional<std::string> code = exchange.setup_code()) {
    spdlog::warn(
        "Instructor setup: open {}login?setup={} to create the instructor (admin) account",
        urls.front(), *code);
  }
  int signal = 0;
  sigwait(&signals, &signal);
  spdlog::info("signal {} received: shutting down", signal);
  exchange.stop();
  spdlog::info("stopped");
  return 0;
}

}  // namespace
}  // namespace exchange::app

int main(int argc, char** argv) {
  exchange::app::Config config;
  CLI::App cli{"The bootcamp exchange: a limit-order-book exchange server"};
  exchange::app::add_flags(cli, config);
  exchange::app::UserCommands user_commands;
  exchange::app::add_user_commands(cli, user_commands);
  exchange::app::BackupCommands backup_commands;
  exchange::app::add_backup_commands(cli, backup_commands);
  CLI11_PARSE(cli, argc, argv);
  if (config.log_format == "json") exchange::app::use_json_logs();
  try {
    if (exchange::app::backup_command_given(backup_commands)) {
      return exchange::app::run_backup_command(config, backup_commands);
    }
    if (exchange::app::user_command_given(user_commands)) {
      return exchange::app::run_user_command(config, user_commands);
    }
    return exchange::app::run(config);
  } catch (const std::exception& error) {
    spdlog::critical("{}", error.what());
    return 1;
  }
}
