#pragma once
// Opening a load-generator connection: TCP, WebSocket handshake at `path` (/api: the default
// cohort; /api/ws/<name>: a named one), Authenticate with a test token, then the login snapshot
// read up to its ActingAs.

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/websocket.hpp>

#include <cstdint>
#include <string>

namespace exchange::loadgen {

using WebSocket = boost::beast::websocket::stream<boost::asio::ip::tcp::socket>;

// Synchronous (call before the io_context runs); returns the account id, throws on refusal.
int64_t connect_and_authenticate(WebSocket& ws, boost::beast::flat_buffer& buffer,
                                 const std::string& host, uint16_t port,
                                 const std::string& token, const std::string& who,
                                 const std::string& path = "/api");

}  // namespace exchange::loadgen
