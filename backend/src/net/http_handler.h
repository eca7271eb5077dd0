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
// is then called concurrently from the I/O threads and worker threads, and only reads.
class HttpRouter {
 public:
  HttpRouter(std::function<bool()> healthy, const std::string& web_dir);

  void add_route(http::verb method, std::string path, HttpHandler handler);
  void add_route(http::verb method, std::string path, HttpContextHandler handler, RunOn run_on);
  void add_prefix_route(http::verb method, std::string prefix, HttpHandler handler);
  void add_prefix_route(http::verb method, std::string prefix, HttpContextHandler handler,
                        RunOn run_on);

  // The response without transport headers (CORS, keep-alive are the connection's business).
  // Runs the handler on the calling thread, whatever its RunOn; a handler that throws gives 500.
  HttpResponse handle(const HttpRequest& request, const HttpContext& context) const;
  HttpResponse handle(const HttpRequest& request) const { return handle(request, {}); }

  // Where handle() should be called for this request: kWorker iff it reaches a kWorker route.
  RunOn run_on(const HttpRequest& request) const;

 private:
  struct Route {
    http::verb method;
    std::string path;  // exact path, or prefix
    HttpContextHandler handler;
    RunOn run_on;
  };

  // The route that answers (method and path match), if any.
  const Route* find(http::verb method, std::string_view path) const;
  HttpResponse dispatch(const HttpRequest& request, const HttpContext& context,
                        std::string_view path) const;

  std::function<bool()> healthy_;
  bool serve_static_;
  StaticFiles static_files_;
  std::vector<Route> exact_routes_;
  std::vector<Route> prefix_routes_;
};

// The request target without its query string.
std::string_view target_path(std::string_view target);
// For a WebSocket path: "" for /api (the default cohort's socket, kept for older clients), the
// percent-decoded cohort name for /api/ws/<name>, nullopt for anything else.
std::optional<std::string> socket_cohort(std::string_view target);

// A response with `status` and a plain-text body.
HttpResponse text_response(const HttpRequest& request, http::status status, std::string body);

}  // namespace exchange::net
