// HTTP over real sockets: health, CORS, keep-alive, body limit, static files.

#include <gtest/gtest.h>

#include <string>

#include "server_fixture.h"
#include "web_dir.h"

namespace exchange::net::testing {
namespace {

using HttpServerTest = ServerTest;

TEST_F(HttpServerTest, HealthzAnswers200Or503) {
  start();
  auto ok = http_request(port_, http::verb::get, "/healthz");
  ASSERT_TRUE(ok.has_value());
  EXPECT_EQ(ok->result(), http::status::ok);
  EXPECT_EQ(ok->body(), "ok");
  EXPECT_EQ((*ok)[http::field::access_control_allow_origin], "*");

  sequencer_.set_healthy(false);
  auto unhealthy = http_request(port_, http::verb::get, "/healthz");
  ASSERT_TRUE(unhealthy.has_value());
  EXPECT_EQ(unhealthy->result(), http::status::service_unavailable);

  // HEAD leaves the body out but keeps the connection usable.
  HttpClient client(port_);
  auto head = client.request(http::verb::head, "/healthz");
  ASSERT_TRUE(head.has_value());
  EXPECT_EQ(head->result(), http::status::service_unavailable);
  EXPECT_EQ(head->body(), "");
  auto after = client.request(http::verb::get, "/healthz");
  ASSERT_TRUE(after.has_value());
  EXPECT_EQ(after->body(), "unhealthy");
}

TEST_F(HttpServerTest, KeepAliveServesSeveralRequestsOnOneConnection) {
  server_ = std::make_unique<Server>(default_options(), sequencer_.hooks());
  server_->add_route(http::verb::get, "/hello", [](const HttpRequest& request) {
    HttpResponse response{http::status::ok, request.version()};
    response.body() = "hello";
    return response;
  });
  sequencer_.set_server(server_.get());
  port_ = server_->start();

  HttpClient client(port_);
  for (int i = 0; i < 3; ++i) {
    auto response = client.request(http::verb::get, "/hello");
    ASSERT_TRUE(response.has_value());
    EXPECT_EQ(response->body(), "hello");
    EXPECT_EQ((*response)[http::field::access_control_allow_origin], "*");
    EXPECT_TRUE(response->keep_alive());
  }
  auto not_found = client.request(http::verb::get, "/nothing");
  ASSERT_TRUE(not_found.has_value());
  EXPECT_EQ(not_found->result(), http::status::not_found);
  EXPECT_EQ(not_found->body(), "");
  auto upgrade_required = client.request(http::verb::get, "/api");
  ASSERT_TRUE(upgrade_required.has_value());
  EXPECT_EQ(upgrade_required->result(), http::status::upgrade_required);
}

TEST_F(HttpServerTest, OversizedBodyIs413) {
  ServerOptions options = default_options();
  options.max_http_body_bytes = 1024;
  server_ = std::make_unique<Server>(options, sequencer_.hooks());
  server_->add_route(http::verb::post, "/upload", [](const HttpRequest& request) {
    HttpResponse response{http::status::ok, request.version()};
    response.body() = std::to_string(request.body().size());
    return response;
  });
  sequencer_.set_server(server_.get());
  port_ = server_->start();

  auto small = http_request(port_, http::verb::post, "/upload", std::string(1000, 'x'));
  ASSERT_TRUE(small.has_value());
  EXPECT_EQ(small->body(), "1000");

  HttpClient client(port_);
  auto large = client.request(http::verb::post, "/upload", std::string(64 << 10, 'x'));
  ASSERT_TRUE(large.has_value());
  EXPECT_EQ(large->result(), http::status::payload_too_large);
  EXPECT_EQ((*large)[http::field::access_control_allow_origin], "*");
  EXPECT_TRUE(client.closed_by_server());
}

TEST_F(HttpServerTest, ServesTheWebApp) {
  WebDir dir;
  ServerOptions options = default_options();
  options.web_dir = dir.web().string();
  start(options);

  auto script = http_request(port_, http::verb::get, "/app.js");
  ASSERT_TRUE(script.has_value());
  EXPECT_EQ(script->result(), http::status::ok);
  EXPECT_EQ(script->body(), "console.log(1);");
  EXPECT_EQ((*script)[http::field::content_type], "text/javascript; charset=utf-8");

  auto route = http_request(port_, http::verb::get, "/markets/3");
  ASSERT_TRUE(route.has_value());
  EXPECT_EQ(route->body(), "<html>app</html>");
  EXPECT_EQ((*route)[http::field::cache_control], "no-cache");

  auto head = http_request(port_, http::verb::head, "/app.js");
  ASSERT_TRUE(head.has_value());
  EXPECT_EQ((*head)[http::field::content_length], "15");

  auto traversal = http_request(port_, http::verb::get, "/%2e%2e/secret.txt");
  ASSERT_TRUE(traversal.has_value());
  EXPECT_EQ(traversal->result(), http::status::bad_request);

  auto missing = http_request(port_, http::verb::get, "/missing.css");
  ASSERT_TRUE(missing.has_value());
  EXPECT_EQ(missing->result(), http::status::not_found);
  EXPECT_EQ(missing->body(), "");
}

}  // namespace
}  // namespace exchange::net::testing
