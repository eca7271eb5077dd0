#include "listener.h"

#include <chrono>

#include "login.h"
#include "server_message.pb.h"

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
    websocket_api::ServerMessage message;
    message.ParseFromArray(buffer_.data().data(), int(buffer_.size()));
    buffer_.consume(buffer_.size());
    if (message.has_order_created() && markets_.count(message.order_created().market_id())) {
      const auto now = std::chrono::system_clock::now().time_since_epoch();
      for (const auto& trade : message.order_created().trades()) {
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
