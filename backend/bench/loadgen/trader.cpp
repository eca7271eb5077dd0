#include "trader.h"

#include <boost/beast/core/buffers_to_string.hpp>

#include "login.h"
#include "wire_scan.h"

namespace exchange::loadgen {

namespace asio = boost::asio;
namespace beast = boost::beast;


Trader::Trader(asio::io_context& io, std::string host, uint16_t port, std::string name,
               uint64_t seed, std::string path)
    : io_(io), ws_(io), host_(std::move(host)), port_(port), name_(std::move(name)),
      path_(std::move(path)), rng_(seed), timer_(io) {}

int64_t Trader::connect_and_login(const std::string& token) {
  return connect_and_authenticate(ws_, buffer_, host_, port_, token, name_, path_);
}

websocket_api::ServerMessage Trader::call(websocket_api::ClientMessage message) {
  message.set_request_id(name_ + "-setup-" + std::to_string(++counter_));
  ws_.write(asio::buffer(message.SerializeAsString()));
  while (true) {
    buffer_.clear();
    ws_.read(buffer_);
    const std::string bytes = beast::buffers_to_string(buffer_.data());
    if (top_level_field(bytes, kRequestIdField) != message.request_id()) continue;
    websocket_api::ServerMessage reply;
    reply.ParseFromString(bytes);
    return reply;
  }
}

void Trader::start(const Workload& workload, Clock::time_point measure_from,
                   Clock::time_point stop_at, double phase) {
  workload_ = workload;
  measure_from_ = measure_from;
  stop_at_ = stop_at;
  buffer_.clear();
  read_loop();
  if (workload_.rate_per_trader > 0) {
    next_send_ = Clock::now() + std::chrono::nanoseconds(
                                    int64_t(phase * 1e9 / workload_.rate_per_trader));
    schedule_open_loop();
  } else {
    for (int i = 0; i < workload_.in_flight; ++i) send_next(Clock::now());
  }
}

void Trader::schedule_open_loop() {
  if (stopped_) return;
  const auto interval = std::chrono::nanoseconds(int64_t(1e9 / workload_.rate_per_trader));
  const auto now = Clock::now();
  // Send every request whose time has come; latency counts from the intended send time, so a
  // stalled server cannot hide its stall (no coordinated omission).
  while (next_send_ <= now && int(pending_.size()) < workload_.in_flight * 64) {
    send_next(next_send_);
    next_send_ += interval;
  }
  if (next_send_ <= now) next_send_ = now;  // hopelessly behind: skip, counted as capacity
  timer_.expires_at(next_send_);
  timer_.async_wait([this](beast::error_code error) {
    if (!error) schedule_open_loop();
  });
}

websocket_api::ClientMessage Trader::next_request() {
  websocket_api::ClientMessage message;
  const int dice = int(rng_() % 100);
  if (dice >= workload_.resting_percent &&
      dice < workload_.resting_percent + workload_.cancel_percent && !own_orders_.empty()) {
    const size_t pick = rng_() % own_orders_.size();
    message.mutable_cancel_order()->set_id(own_orders_[pick]);
    own_orders_[pick] = own_orders_.back();
    own_orders_.pop_back();
    return message;
  }
  auto* order = message.mutable_create_order();
  order->set_market_id(workload_.markets[rng_() % workload_.markets.size()]);
  const bool bid = rng_() % 2 == 0;
  order->set_side(bid ? websocket_api::BID : websocket_api::OFFER);
  // Passive orders rest 0.1 to 2.0 away from the middle; crossing ones reach 2.5 past it.
  const double offset = double(1 + rng_() % 20) / 10;
  const bool crossing = dice >= workload_.resting_percent + workload_.cancel_percent;
  const double price = crossing ? workload_.mid + (bid ? 2.5 : -2.5)
                                : workload_.mid + (bid ? -offset : offset);
  order->set_price(price);
  order->set_size(double(1 + rng_() % 5));
  return message;
}

void Trader::send_next(Clock::time_point intended) {
  if (stopped_) return;
  websocket_api::ClientMessage message = next_request();
  message.set_request_id(name_ + "-" + std::to_string(++counter_));
  pending_.emplace(message.request_id(), intended);
  write(message.SerializeAsString());
}

void Trader::write(std::string bytes) {
  outgoing_.push_back(std::move(bytes));
  flush();
}

void Trader::flush() {
  if (writing_ || outgoing_.empty()) return;
  writing_ = true;
  ws_.async_write(asio::buffer(outgoing_.front()), [this](beast::error_code error, size_t) {
    writing_ = false;
    outgoing_.pop_front();
    if (error) {
      stopped_ = true;
      return;
    }
    flush();
  });
}

void Trader::read_loop() {
  ws_.async_read(buffer_, [this](beast::error_code error, size_t) {
    if (error) {
      stopped_ = true;
      return;
    }
    const auto at = Clock::now();
    on_message(beast::buffers_to_string(buffer_.data()), at);
    buffer_.consume(buffer_.size());
    if (at >= stop_at_) {
      stopped_ = true;
      timer_.cancel();
      beast::error_code ignored;
      ws_.next_layer().close(ignored);
      return;
    }
    read_loop();
  });
}

void Trader::on_message(const std::string& bytes, Clock::time_point at) {
  const std::string_view id = top_level_field(bytes, kRequestIdField);
  if (id.empty()) return;
  auto it = pending_.find(std::string(id));
  if (it == pending_.end()) return;  // another trader's published result
  const Clock::time_point sent = it->second;
  pending_.erase(it);
  websocket_api::ServerMessage reply;
  reply.ParseFromString(bytes);
  if (reply.has_request_failed()) {
    ++failures_[reply.request_failed().error_details().message()];
  } else if (reply.has_order_created() && reply.order_created().has_order()) {
    own_orders_.push_back(reply.order_created().order().id());
    if (own_orders_.size() > 200) own_orders_.erase(own_orders_.begin());
  }
  if (sent >= measure_from_) {
    latencies_.record(uint64_t(std::chrono::duration_cast<std::chrono::nanoseconds>(at - sent).count()));
    ++acknowledged_;
  }
  if (workload_.rate_per_trader == 0) send_next(Clock::now());
}

}  // namespace exchange::loadgen
