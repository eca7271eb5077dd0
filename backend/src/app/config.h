#pragma once
// Command-line flags of the exchange binary; each also reads an environment variable.

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
  std::string log_level = "info";
};

}  // namespace exchange::app
