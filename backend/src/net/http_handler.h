#pragma once
// Decides the answer to a plain HTTP request (anything but the WebSocket upgrade at /api).

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "net/server.h"
#include "net/static_files.h"

namespace exchange::net {

// Routing, in order: GET /healthz; exact routes; prefix routes (a known path asked with
// another method answers 405); /api without an upgrade (426); the static web app for GET and
// HEAD; otherwise 404 with an empty body. Routes are added before the server starts; handle()
// is then called concurrently from the I/O threads and only reads.
class HttpRouter {
 public:
  HttpRouter(std::function<bool()> healthy, const std::string& web_dir);

  void add_route(http::verb method, std::string path, HttpHandler handler);
  void add_prefix_route(http::verb method, std::string prefix, HttpHandler handler);

  // The response without transport headers (CORS, keep-alive are the connection's business).
  HttpResponse handle(const HttpRequest& request) const;

 private:
  struct Route {
    http::verb method;
    std::string path;  // exact path, or prefix
    HttpHandler handler;
  };

  HttpResponse dispatch(const HttpRequest& request, std::string_view path) const;

  std::function<bool()> healthy_;
  bool serve_static_;
  StaticFiles static_files_;
  std::vector<Route> exact_routes_;
  std::vector<Route> prefix_routes_;
};

// The request target without its query string.
std::string_view target_path(std::string_view target);

// A response with `status` and a plain-text body.
HttpResponse text_response(const HttpRequest& request, http::status status, std::string body);

}  // namespace exchange::net
