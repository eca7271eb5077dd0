#pragma once
// One load-generating connection: logs in with a test token, then trades over the real
// protocol, recording the time from sending each request to receiving its reply (the first
// message carrying its request id).

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/websocket.hpp>

#include <chrono>
#include <deque>
#include <functional>
#include <map>
#include <random>
#include <string>
#include <unordered_map>
#include <vector>

#include "client_message.pb.h"
#include "histogram.h"
#include "server_message.pb.h"

namespace exchange::loadgen {

using Clock = std::chrono::steady_clock;

struct Workload {
  std::vector<int64_t> markets;
  double mid = 50;
  int resting_percent = 55;   // passive orders near the top of the book
  int cancel_percent = 30;    // cancels of this trader's own resting orders
  // the rest: crossing orders that trade
  double rate_per_trader = 0;  // orders/s; 0 = closed loop
  int in_flight = 32;          // closed loop: requests kept outstanding; open loop: cap
};

class Trader {
 public:
  // `path`: the socket of the cohort to trade in (see login.h).
  Trader(boost::asio::io_context& io, std::string host, uint16_t port, std::string name,
         uint64_t seed, std::string path = "/api");

  // Connects and logs in synchronously (call before io.run()); returns the account id.
  int64_t connect_and_login(const std::string& token);
  // Sends one request and waits for its reply, synchronously (for setup).
  websocket_api::ServerMessage call(websocket_api::ClientMessage message);

  // `phase` (0 to 1) delays an open loop's first send by that share of its interval, so that
  // traders started together do not send in lockstep bursts.
  void start(const Workload& workload, Clock::time_point measure_from, Clock::time_point stop_at,
             double phase = 0);
  const Histogram& latencies() const { return latencies_; }
  uint64_t acknowledged() const { return acknowledged_; }
  const std::map<std::string, uint64_t>& failures() const { return failures_; }

 private:
  void read_loop();
  void on_message(const std::string& bytes, Clock::time_point at);
  void send_next(Clock::time_point intended);
  void schedule_open_loop();
  void write(std::string bytes);
  void flush();
  websocket_api::ClientMessage next_request();

  boost::asio::io_context& io_;
  boost::beast::websocket::stream<boost::asio::ip::tcp::socket> ws_;
  std::string host_;
  uint16_t port_;
  std::string name_;
  std::string path_;
  std::mt19937_64 rng_;
  boost::beast::flat_buffer buffer_;
  std::deque<std::string> outgoing_;
  bool writing_ = false;
  boost::asio::steady_timer timer_;

  Workload workload_;
  Clock::time_point measure_from_, stop_at_, next_send_;
  uint64_t counter_ = 0;
  std::unordered_map<std::string, Clock::time_point> pending_;
  std::vector<int64_t> own_orders_;
  Histogram latencies_;
  uint64_t acknowledged_ = 0;
  std::map<std::string, uint64_t> failures_;
  bool stopped_ = false;
};

}  // namespace exchange::loadgen
