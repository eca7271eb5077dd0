#include "listener.h"

#include <boost/asio/connect.hpp>
#include <boost/beast/core/buffers_to_string.hpp>

#include <chrono>
#include <stdexcept>

#include "client_message.pb.h"
#include "server_message.pb.h"

namespace exchange::loadgen {

namespace asio = boost::asio;
namespace beast = boost::beast;

Listener::Listener(asio::io_context& io, std::string host, uint16_t port, std::string name)
    : ws_(io), host_(std::move(host)), port_(port), name_(std::move(name)) {}

void Listener::connect_and_login() {
  asio::ip::tcp::resolver resolver(ws_.get_executor());
  asio::connect(ws_.next_layer(), resolver.resolve(host_, std::to_string(port_)));
  ws_.read_message_max(256 << 20);
  ws_.binary(true);
  ws_.handshake(host_ + ":" + std::to_string(port_), "/api");
  websocket_api::ClientMessage login;
  login.mutable_authenticate()->set_jwt("test::" + name_ + "::" + name_ + "::false");
  ws_.write(asio::buffer(login.SerializeAsString()));
  while (true) {
    buffer_.clear();
    ws_.read(buffer_);
    websocket_api::ServerMessage message;
    message.ParseFromString(beast::buffers_to_string(buffer_.data()));
    if (message.has_request_failed()) {
      throw std::runtime_error(name_ + ": login failed: " +
                               message.request_failed().error_details().message());
    }
    if (message.has_acting_as()) return;
  }
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
