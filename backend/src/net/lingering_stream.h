#pragma once
// The TCP stream under a WebSocket session.

#include <boost/asio/compose.hpp>
#include <boost/beast/core/role.hpp>
#include <boost/beast/core/tcp_stream.hpp>

#include <array>
#include <cstddef>
#include <memory>
#include <utility>

namespace exchange::net {

// A beast::tcp_stream whose WebSocket teardown reads the peer's input until end of stream
// before closing. Beast 1.81's own TCP teardown stops after one read, so a peer still sending
// (say, the rest of an oversized message) gets a reset and loses the close frame (1009) that
// explains why. The drain is bounded by the WebSocket closing timeout, which closes the socket.
class LingeringTcpStream : public boost::beast::tcp_stream {
 public:
  using boost::beast::tcp_stream::tcp_stream;
  explicit LingeringTcpStream(boost::beast::tcp_stream&& stream)
      : boost::beast::tcp_stream(std::move(stream)) {}
};

namespace detail {

class LingeringTeardown {
 public:
  LingeringTeardown(LingeringTcpStream& stream, boost::beast::role_type role)
      : stream_(stream), role_(role), buffer_(std::make_unique<std::array<char, 4096>>()) {}

  template <class Self>
  void operator()(Self& self, boost::system::error_code ec = {}, size_t = 0) {
    auto& socket = stream_.socket();
    if (!started_) {
      started_ = true;
      boost::system::error_code ignored;
      // A failure here shows up, asynchronously, in the read below.
      if (role_ == boost::beast::role_type::server) {
        socket.shutdown(boost::asio::socket_base::shutdown_send, ignored);
      }
      socket.async_read_some(boost::asio::buffer(*buffer_), std::move(self));
      return;
    }
    if (!ec) {
      socket.async_read_some(boost::asio::buffer(*buffer_), std::move(self));
      return;
    }
    if (ec == boost::asio::error::eof) ec = {};
    boost::system::error_code ignored;
    if (role_ == boost::beast::role_type::client) {
      socket.shutdown(boost::asio::socket_base::shutdown_send, ignored);
    }
    socket.close(ignored);
    self.complete(ec);
  }

 private:
  LingeringTcpStream& stream_;
  boost::beast::role_type role_;
  std::unique_ptr<std::array<char, 4096>> buffer_;
  bool started_ = false;
};

}  // namespace detail

// Beast's teardown customization point, found by argument-dependent lookup.
template <class TeardownHandler>
void async_teardown(boost::beast::role_type role, LingeringTcpStream& stream,
                    TeardownHandler&& handler) {
  // async_compose takes the handler by reference and moves from it.
  boost::asio::async_compose<TeardownHandler, void(boost::system::error_code)>(
      detail::LingeringTeardown(stream, role), handler, stream.socket());
}

}  // namespace exchange::net
