#include "test_client.h"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <stdexcept>
#include <utility>

namespace exchange::net::testing {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;

constexpr std::chrono::milliseconds kConnectTimeout{3000};
constexpr std::chrono::milliseconds kWriteTimeout{5000};

// Runs one asynchronous operation on `ioc` to completion or until `timeout`; on timeout the
// socket is closed (the stream is unusable afterwards) and beast::error::timeout returned.
template <class Initiate>
beast::error_code await(asio::io_context& ioc, tcp::socket& socket,
                        std::chrono::milliseconds timeout, Initiate&& initiate) {
  bool done = false;
  beast::error_code result;
  initiate([&](beast::error_code ec, auto&&...) {
    done = true;
    result = ec;
  });
  ioc.restart();
  ioc.run_for(timeout);
  if (done) return result;
  beast::error_code ignored;
  socket.close(ignored);
  ioc.restart();
  ioc.run();
  return beast::error::timeout;
}

beast::error_code connect(asio::io_context& ioc, tcp::socket& socket, uint16_t port) {
  tcp::endpoint endpoint{asio::ip::make_address("127.0.0.1"), port};
  return await(ioc, socket, kConnectTimeout,
               [&](auto handler) { socket.async_connect(endpoint, std::move(handler)); });
}

}  // namespace

struct WsClient::Io {
  asio::io_context ioc;
  websocket::stream<beast::tcp_stream> ws{ioc};
  beast::flat_buffer buffer;

  tcp::socket& socket() { return beast::get_lowest_layer(ws).socket(); }

  template <class Initiate>
  beast::error_code run(std::chrono::milliseconds timeout, Initiate&& initiate) {
    return await(ioc, socket(), timeout, std::forward<Initiate>(initiate));
  }
};

WsClient::WsClient(uint16_t port, int receive_buffer_bytes) : io_(std::make_unique<Io>()) {
  io_->socket().open(tcp::v4());
  if (receive_buffer_bytes > 0) {
    io_->socket().set_option(asio::socket_base::receive_buffer_size(receive_buffer_bytes));
  }
  if (auto ec = connect(io_->ioc, io_->socket(), port)) {
    throw std::runtime_error("connect: " + ec.message());
  }
  io_->ws.read_message_max(128 << 20);
  io_->ws.binary(true);
  auto ec = io_->run(kConnectTimeout, [&](auto handler) {
    io_->ws.async_handshake("127.0.0.1", "/api", std::move(handler));
  });
  if (ec) throw std::runtime_error("handshake: " + ec.message());
}

WsClient::~WsClient() {
  beast::error_code ignored;
  io_->socket().close(ignored);
}

bool WsClient::send_binary(std::string_view bytes) {
  io_->ws.binary(true);
  auto ec = io_->run(kWriteTimeout, [&](auto handler) {
    io_->ws.async_write(asio::buffer(bytes.data(), bytes.size()), std::move(handler));
  });
  if (ec) error_ = "write: " + ec.message();
  return !ec;
}

bool WsClient::send_text(std::string_view text) {
  io_->ws.text(true);
  bool ok = !io_->run(kWriteTimeout, [&](auto handler) {
    io_->ws.async_write(asio::buffer(text.data(), text.size()), std::move(handler));
  });
  io_->ws.binary(true);
  return ok;
}

bool WsClient::send(const websocket_api::ClientMessage& message) {
  return send_binary(message.SerializeAsString());
}

bool WsClient::ping() {
  return !io_->run(kWriteTimeout,
                   [&](auto handler) { io_->ws.async_ping({}, std::move(handler)); });
}

std::optional<ReceivedFrame> WsClient::read_frame(std::chrono::milliseconds timeout) {
  if (ended_) return std::nullopt;
  io_->buffer.clear();
  auto ec =
      io_->run(timeout, [&](auto handler) { io_->ws.async_read(io_->buffer, std::move(handler)); });
  if (ec) {
    ended_ = true;
    timed_out_ = ec == beast::error::timeout;
    error_ += (error_.empty() ? "" : "; ") + ec.message();
    close_code_ = io_->ws.reason().code;
    close_reason_ = std::string(io_->ws.reason().reason.c_str());
    return std::nullopt;
  }
  return ReceivedFrame{io_->ws.got_binary(), beast::buffers_to_string(io_->buffer.data())};
}

std::optional<websocket_api::ServerMessage> WsClient::read(std::chrono::milliseconds timeout) {
  std::optional<ReceivedFrame> frame = read_frame(timeout);
  if (!frame || !frame->binary) return std::nullopt;
  websocket_api::ServerMessage message;
  if (!message.ParseFromString(frame->bytes)) return std::nullopt;
  return message;
}

bool WsClient::close() {
  if (ended_) return false;
  ended_ = true;
  return !io_->run(kReadTimeout, [&](auto handler) {
    io_->ws.async_close(websocket::close_code::normal, std::move(handler));
  });
}

struct HttpClient::Io {
  asio::io_context ioc;
  beast::tcp_stream stream{ioc};
  beast::flat_buffer buffer;

  template <class Initiate>
  beast::error_code run(std::chrono::milliseconds timeout, Initiate&& initiate) {
    return await(ioc, stream.socket(), timeout, std::forward<Initiate>(initiate));
  }
};

HttpClient::HttpClient(uint16_t port) : io_(std::make_unique<Io>()) {
  io_->stream.socket().open(tcp::v4());
  if (auto ec = connect(io_->ioc, io_->stream.socket(), port)) {
    throw std::runtime_error("connect: " + ec.message());
  }
}

HttpClient::~HttpClient() = default;

std::optional<HttpResponse> HttpClient::request(http::verb method, std::string target,
                                                std::string body) {
  HttpRequest request{method, target, 11};
  request.set(http::field::host, "127.0.0.1");
  request.keep_alive(true);
  request.body() = std::move(body);
  request.prepare_payload();
  auto ec = io_->run(kWriteTimeout, [&](auto handler) {
    http::async_write(io_->stream, request, std::move(handler));
  });
  if (ec) return std::nullopt;
  http::response_parser<http::string_body> parser;
  parser.body_limit(64 << 20);
  parser.skip(method == http::verb::head);
  ec = io_->run(kReadTimeout, [&](auto handler) {
    http::async_read(io_->stream, io_->buffer, parser, std::move(handler));
  });
  if (ec) return std::nullopt;
  return parser.release();
}

bool HttpClient::closed_by_server() {
  char byte;
  auto ec = io_->run(kReadTimeout, [&](auto handler) {
    io_->stream.async_read_some(asio::buffer(&byte, 1), std::move(handler));
  });
  return ec == asio::error::eof || ec == asio::error::connection_reset;
}

std::optional<HttpResponse> http_request(uint16_t port, http::verb method, std::string target,
                                         std::string body) {
  HttpClient client(port);
  return client.request(method, std::move(target), std::move(body));
}

}  // namespace exchange::net::testing
