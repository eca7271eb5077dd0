// Security headers on every HTTP response and the HTTP idle and request timeouts, over real
// sockets; the Content-Security-Policy's inline script hashes as units.

#include <gtest/gtest.h>

#include <array>
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <filesystem>
#include <fstream>
#include <functional>
#include <optional>
#include <string>

#include "net/security_headers.h"
#include "server_fixture.h"
#include "web_dir.h"

namespace exchange::net::testing {
namespace {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

// Hashes computed independently: printf '%s' "<script text>" | openssl dgst -sha256 -binary |
// base64
constexpr const char* kBootScript = "window.boot({a:\"</b>\"})";
constexpr const char* kBootHash = "'sha256-tWbDAZzVT01CKeZT+FStWAxbqMkRk/FEkLN9P/X2ZbE='";
constexpr const char* kEmptyHash = "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='";

const std::string kPage =
    std::string("<html><head><script type=\"module\" src=\"/app.js\"></script>") +
    "<SCRIPT data-x='a>b'>" + kBootScript + "</script>" +
    "<scripts>not a script</scripts><script></script></head></html>";

TEST(InlineScriptSources, HashesEachInlineScriptAndSkipsExternalOnes) {
  const std::vector<std::string> sources = inline_script_sources(kPage);
  ASSERT_EQ(sources.size(), 2u);
  EXPECT_EQ(sources[0], kBootHash);
  EXPECT_EQ(sources[1], kEmptyHash);
  EXPECT_TRUE(inline_script_sources("<html>no scripts</html>").empty());
  // "data-src" is not a src attribute; an unterminated script hashes nothing.
  EXPECT_EQ(inline_script_sources("<script data-src=\"x\"></script>").size(), 1u);
  EXPECT_TRUE(inline_script_sources("<script>never closed").empty());
}

TEST(PagePolicy, AllowsTheWebAppAndNothingElse) {
  const std::string policy = page_content_security_policy({kBootHash}, "https://id.example.com");
  EXPECT_NE(policy.find("default-src 'self'"), std::string::npos);
  EXPECT_NE(policy.find(std::string("script-src 'self' ") + kBootHash + ";"), std::string::npos);
  EXPECT_NE(policy.find("connect-src 'self' ws: wss: https://id.example.com;"), std::string::npos);
  EXPECT_NE(policy.find("frame-ancestors 'none'"), std::string::npos);
  EXPECT_NE(policy.find("object-src 'none'"), std::string::npos);
  EXPECT_EQ(policy.find("unsafe-eval"), std::string::npos);
  EXPECT_NE(page_content_security_policy({}, "").find("connect-src 'self' ws: wss:;"),
            std::string::npos);
}

void expect_security_headers(const std::optional<HttpResponse>& response, bool html) {
  ASSERT_TRUE(response.has_value());
  EXPECT_EQ((*response)["X-Content-Type-Options"], "nosniff");
  EXPECT_EQ((*response)["Referrer-Policy"], "same-origin");
  const std::string policy((*response)["Content-Security-Policy"]);
  if (html) {
    EXPECT_NE(policy.find("frame-ancestors 'none'"), std::string::npos) << policy;
    EXPECT_NE(policy.find("script-src 'self'"), std::string::npos) << policy;
  } else {
    EXPECT_EQ(policy, kStrictContentSecurityPolicy);
  }
}

class HttpHardeningTest : public ServerTest {
 protected:
  static ServerOptions short_timeouts() {
    ServerOptions options = default_options();
    options.http_idle_timeout = std::chrono::milliseconds(200);
    options.http_request_timeout = std::chrono::milliseconds(300);
    return options;
  }
};

TEST_F(HttpHardeningTest, EveryResponseCarriesSecurityHeaders) {
  WebDir dir;
  std::ofstream(dir.web() / "index.html", std::ios::binary | std::ios::trunc) << kPage;
  ServerOptions options = default_options();
  options.web_dir = dir.web().string();
  options.max_http_body_bytes = 1024;
  options.csp_connect_sources = "https://issuer.example.com";
  server_ = std::make_unique<Server>(options, sequencer_.hooks());
  server_->add_route(http::verb::get, "/api/thing", [](const HttpRequest& request) {
    HttpResponse response{http::status::ok, request.version()};
    response.set(http::field::content_type, "application/json");
    response.body() = "{}";
    return response;
  });
  sequencer_.set_server(server_.get());
  port_ = server_->start();

  // The page: its policy allows exactly its inline scripts, and the configured issuer.
  const auto page = http_request(port_, http::verb::get, "/markets/1");
  expect_security_headers(page, true);
  const std::string policy((*page)["Content-Security-Policy"]);
  EXPECT_NE(policy.find(std::string("script-src 'self' ") + kBootHash + " " + kEmptyHash + ";"),
            std::string::npos)
      << policy;
  EXPECT_NE(policy.find("https://issuer.example.com"), std::string::npos) << policy;
  // HEAD answers the same headers without the body.
  const auto head = http_request(port_, http::verb::head, "/");
  expect_security_headers(head, true);
  EXPECT_EQ((*head)["Content-Security-Policy"], policy);
  EXPECT_EQ(head->body(), "");

  expect_security_headers(http_request(port_, http::verb::get, "/app.js"), false);
  expect_security_headers(http_request(port_, http::verb::get, "/api/thing"), false);
  expect_security_headers(http_request(port_, http::verb::get, "/healthz"), false);
  const auto missing = http_request(port_, http::verb::get, "/api/nothing");
  expect_security_headers(missing, false);
  EXPECT_EQ(missing->result(), http::status::not_found);
  // An error written by the connection itself.
  const auto too_large =
      http_request(port_, http::verb::post, "/api/thing", std::string(4096, 'x'));
  expect_security_headers(too_large, false);
  EXPECT_EQ(too_large->result(), http::status::payload_too_large);
}

// A raw connection to the server: sends what it is told, then reports whether the server
// closed it (reading until end of stream, within a generous guard so a bug cannot hang).
class RawConnection {
 public:
  explicit RawConnection(uint16_t port) : socket_(io_) {
    socket_.connect({asio::ip::make_address("127.0.0.1"), port});
  }

  void send(const std::string& bytes) { asio::write(socket_, asio::buffer(bytes)); }

  // Everything the server sent until it closed the connection; nullopt if it did not close it
  // within the guard time.
  std::optional<std::string> read_until_closed() {
    std::string received;
    std::array<char, 1024> chunk;
    bool closed = false;
    std::function<void()> read_more = [&] {
      socket_.async_read_some(asio::buffer(chunk), [&](boost::system::error_code ec, size_t n) {
        received.append(chunk.data(), n);
        if (ec) {
          closed = ec == asio::error::eof || ec == asio::error::connection_reset;
          return;
        }
        read_more();
      });
    };
    read_more();
    io_.run_for(std::chrono::seconds(10));
    if (!closed) return std::nullopt;
    return received;
  }

 private:
  asio::io_context io_;
  tcp::socket socket_;
};

TEST_F(HttpHardeningTest, HalfARequestIsClosedAtTheRequestDeadline) {
  start(short_timeouts());
  RawConnection connection(port_);
  connection.send("GET /healthz HTTP/1.1\r\nHost: x\r\n");  // headers never finished
  const auto received = connection.read_until_closed();
  ASSERT_TRUE(received.has_value()) << "the server kept a half request open";
  EXPECT_EQ(*received, "");
}

TEST_F(HttpHardeningTest, HalfABodyIsClosedAtTheRequestDeadline) {
  start(short_timeouts());
  RawConnection connection(port_);
  connection.send("POST /api/x HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nabc");
  ASSERT_TRUE(connection.read_until_closed().has_value());
}

TEST_F(HttpHardeningTest, SilentAndIdleKeepAliveConnectionsAreClosed) {
  start(short_timeouts());
  RawConnection silent(port_);
  ASSERT_TRUE(silent.read_until_closed().has_value()) << "a silent connection stayed open";

  RawConnection kept_alive(port_);
  kept_alive.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
  const auto received = kept_alive.read_until_closed();
  ASSERT_TRUE(received.has_value()) << "an idle keep-alive connection stayed open";
  EXPECT_TRUE(received->starts_with("HTTP/1.1 200")) << *received;
}

TEST_F(HttpHardeningTest, KeepAliveStillServesRequestsWithinTheTimeouts) {
  start();  // default (long) timeouts
  HttpClient client(port_);
  for (int i = 0; i < 3; ++i) {
    const auto response = client.request(http::verb::get, "/healthz");
    ASSERT_TRUE(response.has_value());
    EXPECT_EQ(response->body(), "ok");
  }
}

}  // namespace
}  // namespace exchange::net::testing
