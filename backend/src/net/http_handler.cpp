#include "net/http_handler.h"

#include <spdlog/spdlog.h>

#include <exception>
#include <utility>

namespace exchange::net {

std::optional<std::string> socket_cohort(std::string_view target) {
  const std::string_view path = target_path(target);
  if (path == "/api") return std::string();
  constexpr std::string_view kPrefix = "/api/ws/";
  if (!path.starts_with(kPrefix)) return std::nullopt;
  const std::string_view segment = path.substr(kPrefix.size());
  if (segment.empty() || segment.find('/') != std::string_view::npos) return std::nullopt;
  std::optional<std::string> name = percent_decode(segment);
  if (!name || name->empty()) return std::nullopt;
  return name;
}

std::string_view target_path(std::string_view target) {
  return target.substr(0, target.find('?'));
}

HttpResponse text_response(const HttpRequest& request, http::status status, std::string body) {
  HttpResponse response{status, request.version()};
  if (!body.empty()) response.set(http::field::content_type, "text/plain; charset=utf-8");
  response.body() = std::move(body);
  return response;
}

HttpRouter::HttpRouter(std::function<bool()> healthy, const std::string& web_dir)
    : healthy_(std::move(healthy)), serve_static_(!web_dir.empty()), static_files_(web_dir) {}

namespace {

HttpContextHandler ignoring_context(HttpHandler handler) {
  return [handler = std::move(handler)](const HttpRequest& request, const HttpContext&) {
    return handler(request);
  };
}

}  // namespace

void HttpRouter::add_route(http::verb method, std::string path, HttpHandler handler) {
  add_route(method, std::move(path), ignoring_context(std::move(handler)), RunOn::kIoThread);
}

void HttpRouter::add_route(http::verb method, std::string path, HttpContextHandler handler,
                           RunOn run_on) {
  exact_routes_.push_back({method, std::move(path), std::move(handler), run_on});
}

void HttpRouter::add_prefix_route(http::verb method, std::string prefix, HttpHandler handler) {
  add_prefix_route(method, std::move(prefix), ignoring_context(std::move(handler)),
                   RunOn::kIoThread);
}

void HttpRouter::add_prefix_route(http::verb method, std::string prefix, HttpContextHandler handler,
                                  RunOn run_on) {
  prefix_routes_.push_back({method, std::move(prefix), std::move(handler), run_on});
}

const HttpRouter::Route* HttpRouter::find(http::verb method, std::string_view path) const {
  if (path == "/healthz") return nullptr;
  for (const Route& route : exact_routes_) {
    if (route.path == path && route.method == method) return &route;
  }
  for (const Route& route : prefix_routes_) {
    if (path.starts_with(route.path) && route.method == method) return &route;
  }
  return nullptr;
}

RunOn HttpRouter::run_on(const HttpRequest& request) const {
  const Route* route = find(request.method(), target_path(request.target()));
  return route ? route->run_on : RunOn::kIoThread;
}

HttpResponse HttpRouter::handle(const HttpRequest& request, const HttpContext& context) const {
  std::string_view path = target_path(request.target());
  try {
    return dispatch(request, context, path);
  } catch (const std::exception& e) {
    spdlog::warn("http: {} {} failed: {}", std::string(request.method_string()), std::string(path),
                 e.what());
    return text_response(request, http::status::internal_server_error, "Internal server error");
  }
}

HttpResponse HttpRouter::dispatch(const HttpRequest& request, const HttpContext& context,
                                  std::string_view path) const {
  const http::verb method = request.method();
  if (path == "/healthz") {
    if (method != http::verb::get && method != http::verb::head)
      return text_response(request, http::status::method_not_allowed, "");
    bool ok = !healthy_ || healthy_();
    return ok ? text_response(request, http::status::ok, "ok")
              : text_response(request, http::status::service_unavailable, "unhealthy");
  }

  if (const Route* route = find(method, path)) return route->handler(request, context);
  bool known_path = false;
  for (const Route& route : exact_routes_) known_path |= route.path == path;
  for (const Route& route : prefix_routes_) known_path |= path.starts_with(route.path);
  if (known_path) return text_response(request, http::status::method_not_allowed, "");

  if (socket_cohort(path)) {
    if (method != http::verb::get)
      return text_response(request, http::status::method_not_allowed, "");
    HttpResponse response =
        text_response(request, http::status::upgrade_required, "Expected a WebSocket upgrade");
    response.set(http::field::upgrade, "websocket");
    return response;
  }
  // Paths under /api/ belong to the API, never to the web app's client-side routes.
  bool api_path = path.starts_with("/api/");
  if (serve_static_ && !api_path && (method == http::verb::get || method == http::verb::head)) {
    return static_files_.serve(request, path);
  }
  return text_response(request, http::status::not_found, "");
}

}  // namespace exchange::net
