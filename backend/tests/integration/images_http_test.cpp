// Image upload and serving through the real server's HTTP routes.

#include <gtest/gtest.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include "test_exchange.h"

namespace exchange::testing {
namespace {

namespace http = boost::beast::http;

http::response<http::string_body> send(uint16_t port, http::request<http::string_body> request) {
  boost::asio::io_context io;
  boost::asio::ip::tcp::resolver resolver(io);
  boost::beast::tcp_stream stream(io);
  stream.connect(resolver.resolve("127.0.0.1", std::to_string(port)));
  request.set(http::field::host, "127.0.0.1");
  request.prepare_payload();
  http::write(stream, request);
  boost::beast::flat_buffer buffer;
  http::response<http::string_body> response;
  http::read(stream, buffer, response);
  return response;
}

http::request<http::string_body> upload(const std::string& content_type, const std::string& bytes) {
  http::request<http::string_body> request{http::verb::post, "/api/upload-image", 11};
  request.set(http::field::content_type, "multipart/form-data; boundary=BOUNDARY");
  request.body() = "--BOUNDARY\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.png\"\r\n"
                   "Content-Type: " + content_type + "\r\n\r\n" + bytes + "\r\n--BOUNDARY--\r\n";
  return request;
}

TEST(ImagesHttp, UploadThenFetch) {
  app::Config config;
  config.max_upload_bytes = 4096;
  TestExchange exchange(config);
  const std::string png = std::string("\x89PNG\r\n\x1a\n", 8) + std::string(100, '\x07');
  const auto uploaded = send(exchange.port(), upload("image/png", png));
  ASSERT_EQ(uploaded.result_int(), 200) << uploaded.body();
  const std::string& body = uploaded.body();
  const size_t at = body.find("/api/images/");
  ASSERT_NE(at, std::string::npos);
  const std::string url = body.substr(at, body.find('"', at) - at);
  const auto fetched = send(exchange.port(), {http::verb::get, url, 11});
  EXPECT_EQ(fetched.result_int(), 200);
  EXPECT_EQ(fetched[http::field::content_type], "image/png");
  EXPECT_EQ(fetched.body(), png);
  EXPECT_NE(fetched[http::field::cache_control].find("immutable"), std::string::npos);
  EXPECT_EQ(fetched[http::field::access_control_allow_origin], "*");

  EXPECT_EQ(send(exchange.port(), upload("text/plain", "hi")).body(),
            "Invalid file type. Only images are allowed.");
  EXPECT_EQ(send(exchange.port(), upload("image/png", "not a png")).result_int(), 400);
  EXPECT_EQ(send(exchange.port(), upload("image/png", png + std::string(5000, 'x'))).result_int(), 413);
  EXPECT_EQ(send(exchange.port(), {http::verb::get, "/api/images/..%2Fexchange.db", 11}).result_int(), 400);
  EXPECT_EQ(send(exchange.port(), {http::verb::get, "/api/images/../exchange.db", 11}).result_int(), 400);
}

}  // namespace
}  // namespace exchange::testing
