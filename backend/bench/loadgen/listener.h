#pragma once
// A connection that only listens: it logs in as an ordinary user and counts the trades the
// server broadcasts in the load's markets, and how long after the trade each one arrives.
// Many of them show whether every connected client really receives every trade.

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/websocket.hpp>

#include <cstdint>
#include <set>
#include <string>

#include "histogram.h"

namespace exchange::loadgen {

class Listener {
 public:
  Listener(boost::asio::io_context& io, std::string host, uint16_t port, std::string name,
           std::string path = "/api");

  // Connects and waits for the end of the login snapshot (call before io.run()).
  void connect_and_login();
  void start(std::set<int64_t> markets);

  uint64_t trades_seen() const { return trades_; }
  bool disconnected() const { return disconnected_; }
  // From the trade's transaction timestamp to its arrival here (same machine, same clock).
  const Histogram& lag() const { return lag_; }

 private:
  void read_loop();

  boost::beast::websocket::stream<boost::asio::ip::tcp::socket> ws_;
  std::string host_;
  uint16_t port_;
  std::string name_;
  std::string path_;
  boost::beast::flat_buffer buffer_;
  std::set<int64_t> markets_;
  uint64_t trades_ = 0;
  bool disconnected_ = false;
  Histogram lag_;
};

}  // namespace exchange::loadgen
