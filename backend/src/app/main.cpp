// The exchange server: configuration and wiring, nothing else.

#include <CLI/CLI.hpp>
#include <spdlog/spdlog.h>

#include <csignal>

#include "app/config.h"
#include "app/exchange_server.h"

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
  cli.add_option("--rate-limits", config.rate_limits, "Per-user request rate limits: on or off")
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
  cli.add_option("--log-level", config.log_level, "trace, debug, info, warn or error")
      ->envname("EXCHANGE_LOG_LEVEL")
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

  ExchangeServer exchange(config);
  const uint16_t port = exchange.start();
  spdlog::info("exchange listening on http://{}:{}/ (WebSocket at /api), data in {}",
               config.address == "0.0.0.0" ? "localhost" : config.address, port, config.data_dir);
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
  CLI11_PARSE(cli, argc, argv);
  try {
    return exchange::app::run(config);
  } catch (const std::exception& error) {
    spdlog::critical("{}", error.what());
    return 1;
  }
}
