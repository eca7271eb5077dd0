#include "login.h"

#include <boost/asio/connect.hpp>
#include <boost/beast/core/buffers_to_string.hpp>

#include <stdexcept>

#include "client_message.pb.h"
#include "server_message.pb.h"

namespace exchange::loadgen {

namespace asio = boost::asio;

int64_t connect_and_authenticate(WebSocket& ws, boost::beast::flat_buffer& buffer,
                                 const std::string& host, uint16_t port,
                                 const std::string& token, const std::string& who,
                                 const std::string& path) {
  asio::ip::tcp::resolver resolver(ws.get_executor());
  asio::connect(ws.next_layer(), resolver.resolve(host, std::to_string(port)));
  ws.next_layer().set_option(asio::ip::tcp::no_delay(true));
  ws.read_message_max(256 << 20);
  ws.binary(true);
  ws.handshake(host + ":" + std::to_string(port), path);
  websocket_api::ClientMessage login;
  login.set_request_id(who + "-login");
  login.mutable_authenticate()->set_jwt(token);
  ws.write(asio::buffer(login.SerializeAsString()));
  int64_t account = 0;
  while (true) {
    buffer.clear();
    ws.read(buffer);
    websocket_api::ServerMessage message;
    message.ParseFromString(boost::beast::buffers_to_string(buffer.data()));
    if (message.has_request_failed()) {
      throw std::runtime_error(who + ": login failed: " +
                               message.request_failed().error_details().message());
    }
    if (message.has_authenticated()) account = message.authenticated().account_id();
    if (message.has_acting_as()) return account;
  }
}

}  // namespace exchange::loadgen
