// HTTP routing (no sockets): health, exact and prefix routes, 405, 426, static fallback, 404.

#include "net/http_handler.h"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

#include "web_dir.h"

namespace exchange::net::testing {
namespace {

HttpRequest request(http::verb method, const std::string& target) {
  return HttpRequest{method, target, 11};
}

HttpHandler answer(std::string body) {
  return [body](const HttpRequest& req) { return text_response(req, http::status::ok, body); };
}

TEST(HttpRouterTest, HealthzFollowsTheHook) {
  bool healthy = true;
  HttpRouter router([&] { return healthy; }, "");
  HttpResponse ok = router.handle(request(http::verb::get, "/healthz"));
  EXPECT_EQ(ok.result(), http::status::ok);
  EXPECT_EQ(ok.body(), "ok");
  healthy = false;
  EXPECT_EQ(router.handle(request(http::verb::get, "/healthz")).result(),
            http::status::service_unavailable);
}

TEST(HttpRouterTest, ExactRoutesMatchPathAndMethod) {
  HttpRouter router(nullptr, "");
  router.add_route(http::verb::post, "/api/upload-image", answer("uploaded"));
  router.add_route(http::verb::get, "/metrics", answer("metrics"));
  EXPECT_EQ(router.handle(request(http::verb::post, "/api/upload-image")).body(), "uploaded");
  EXPECT_EQ(router.handle(request(http::verb::get, "/metrics?format=text")).body(), "metrics");
  EXPECT_EQ(router.handle(request(http::verb::get, "/api/upload-image")).result(),
            http::status::method_not_allowed);
  EXPECT_EQ(router.handle(request(http::verb::get, "/metrics/x")).result(),
            http::status::not_found);
}

TEST(HttpRouterTest, PrefixRoutesComeAfterExactRoutes) {
  HttpRouter router(nullptr, "");
  router.add_route(http::verb::get, "/api/images/special", answer("exact"));
  router.add_prefix_route(http::verb::get, "/api/images/", answer("prefix"));
  EXPECT_EQ(router.handle(request(http::verb::get, "/api/images/special")).body(), "exact");
  EXPECT_EQ(router.handle(request(http::verb::get, "/api/images/a.png")).body(), "prefix");
  EXPECT_EQ(router.handle(request(http::verb::delete_, "/api/images/a.png")).result(),
            http::status::method_not_allowed);
}

TEST(HttpRouterTest, ApiWithoutUpgradeIs426) {
  HttpRouter router(nullptr, "");
  HttpResponse response = router.handle(request(http::verb::get, "/api?token=1"));
  EXPECT_EQ(response.result(), http::status::upgrade_required);
  EXPECT_EQ(response[http::field::upgrade], "websocket");
}

TEST(HttpRouterTest, UnknownPathIsEmpty404) {
  HttpRouter router(nullptr, "");
  HttpResponse response = router.handle(request(http::verb::get, "/index.html"));
  EXPECT_EQ(response.result(), http::status::not_found);
  EXPECT_EQ(response.body(), "");
}

TEST(HttpRouterTest, StaticAppServesGetAndHeadOutsideApi) {
  WebDir dir;
  HttpRouter router(nullptr, dir.web().string());
  EXPECT_EQ(router.handle(request(http::verb::get, "/app.js")).body(), "console.log(1);");
  EXPECT_EQ(router.handle(request(http::verb::get, "/markets?id=3")).body(), "<html>app</html>");
  EXPECT_EQ(router.handle(request(http::verb::head, "/app.js")).result(), http::status::ok);
  EXPECT_EQ(router.handle(request(http::verb::post, "/app.js")).result(), http::status::not_found);
  // Unknown API paths are not the web app's client-side routes.
  EXPECT_EQ(router.handle(request(http::verb::get, "/api/unknown")).result(),
            http::status::not_found);
}

TEST(HttpRouterTest, ThrowingHandlerIs500) {
  HttpRouter router(nullptr, "");
  router.add_route(http::verb::get, "/boom",
                   [](const HttpRequest&) -> HttpResponse { throw std::runtime_error("boom"); });
  EXPECT_EQ(router.handle(request(http::verb::get, "/boom")).result(),
            http::status::internal_server_error);
}

}  // namespace
}  // namespace exchange::net::testing
