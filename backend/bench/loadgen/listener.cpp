#include "listener.h"

#include <chrono>

#include "login.h"
#include "server_message.pb.h"
#include "wire_scan.h"

namespace exchange::loadgen {

namespace asio = boost::asio;
namespace beast = boost::beast;

Listener::Listener(asio::io_context& io, std::string host, uint16_t port, std::string name,
                   std::string path)
    : ws_(io), host_(std::move(host)), port_(port), name_(std::move(name)), path_(std::move(path)) {}

void Listener::connect_and_login() {
  connect_and_authenticate(ws_, buffer_, host_, port_,
                           "test::" + name_ + "::" + name_ + "::false", name_, path_);
}

void Listener::start(std::set<int64_t> markets) {
  markets_ = std::move(markets);
  buffer_.clear();
  read_loop();
}

void Listener::read_loop() {
  ws_.async_read(buffer_, [this](beast::error_code error, size_t) {
    if (error) {
      // The run's end closes the io_context; anything earlier is the server dropping us.
      if (error != asio::error::operation_aborted) disconnected_ = true;
      return;
    }
    const auto now = std::chrono::system_clock::now().time_since_epoch();
    // Only OrderCreated carries trades: the rest is skipped without being decoded.
    const std::string_view field = top_level_field(
        {static_cast<const char*>(buffer_.data().data()), buffer_.size()}, kOrderCreatedField);
    websocket_api::OrderCreated created;
    const bool parsed = !field.empty() && created.ParseFromArray(field.data(), int(field.size()));
    buffer_.consume(buffer_.size());
    if (parsed && markets_.count(created.market_id())) {
      for (const auto& trade : created.trades()) {
        ++trades_;
        const auto& at = trade.transaction_timestamp();
        const int64_t traded = at.seconds() * 1'000'000'000 + at.nanos();
        const int64_t lag = std::chrono::duration_cast<std::chrono::nanoseconds>(now).count() - traded;
        lag_.record(uint64_t(lag > 0 ? lag : 0));
      }
    }
    read_loop();
  });
}

}  // namespace exchange::loadgen
