#pragma once
// Plain TCP connections for tests about connections themselves (limits, refusals), below the
// WebSocket client: opened from a chosen loopback address, then asked whether the server closed
// them or still serves them.

#include <poll.h>
#include <sys/socket.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

#include <cerrno>
#include <memory>
#include <string>
#include <string_view>

namespace exchange::testing {

// A TCP connection to the server from the given loopback source address (Linux routes all of
// 127.0.0.0/8 to loopback), so that the server sees a different client address.
inline std::unique_ptr<boost::asio::ip::tcp::socket> connect_from(boost::asio::io_context& io,
                                                                  const std::string& source,
                                                                  uint16_t port) {
  namespace ip = boost::asio::ip;
  auto socket = std::make_unique<ip::tcp::socket>(io);
  socket->open(ip::tcp::v4());
  socket->bind({ip::make_address(source), 0});
  socket->connect({ip::make_address("127.0.0.1"), port});
  return socket;
}

// True when the server ends the connection (end of file or reset) within 10 s, an upper bound;
// false when it is still open and silent then.
inline bool closed_by_server(boost::asio::ip::tcp::socket& socket) {
  pollfd waiting{socket.native_handle(), POLLIN, 0};
  if (::poll(&waiting, 1, 10'000) <= 0) return false;
  char byte = 0;
  const ssize_t got = ::recv(socket.native_handle(), &byte, 1, MSG_DONTWAIT);
  return got == 0 || (got < 0 && errno == ECONNRESET);
}

// A fence on one connection: sends an HTTP request and tells whether an HTTP response comes
// back (within 10 s, an upper bound). A connection the server has closed gets none, and one it
// serves answers; so "still open" needs no waiting to see that nothing happens.
inline bool served(boost::asio::ip::tcp::socket& socket) {
  constexpr std::string_view kRequest = "GET /api/fence HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
  if (::send(socket.native_handle(), kRequest.data(), kRequest.size(), MSG_NOSIGNAL) !=
      static_cast<ssize_t>(kRequest.size())) {
    return false;
  }
  pollfd waiting{socket.native_handle(), POLLIN, 0};
  if (::poll(&waiting, 1, 10'000) <= 0) return false;
  char start[5] = {};
  const ssize_t got = ::recv(socket.native_handle(), start, sizeof start, MSG_WAITALL);
  return got == sizeof start && std::string_view(start, sizeof start) == "HTTP/";
}

}  // namespace exchange::testing
