#pragma once
// One plain HTTP request to the test server over loopback, for tests of HTTP routes.

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <string>

namespace exchange::testing {

using HttpAnswer = boost::beast::http::response<boost::beast::http::string_body>;

inline HttpAnswer http_send(uint16_t port,
                            boost::beast::http::request<boost::beast::http::string_body> request) {
  namespace http = boost::beast::http;
  boost::asio::io_context io;
  boost::asio::ip::tcp::resolver resolver(io);
  boost::beast::tcp_stream stream(io);
  stream.connect(resolver.resolve("127.0.0.1", std::to_string(port)));
  request.set(http::field::host, "127.0.0.1");
  request.prepare_payload();
  http::write(stream, request);
  boost::beast::flat_buffer buffer;
  HttpAnswer response;
  http::read(stream, buffer, response);
  return response;
}

// A request with a bearer token ("" for none) and a JSON body ("" for none).
inline HttpAnswer http_call(uint16_t port, boost::beast::http::verb method, const std::string& path,
                            const std::string& token, const std::string& json = "") {
  namespace http = boost::beast::http;
  http::request<http::string_body> request{method, path, 11};
  if (!token.empty()) request.set(http::field::authorization, "Bearer " + token);
  if (!json.empty()) {
    request.set(http::field::content_type, "application/json");
    request.body() = json;
  }
  return http_send(port, std::move(request));
}

}  // namespace exchange::testing
