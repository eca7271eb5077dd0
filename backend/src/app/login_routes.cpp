#include "app/login_routes.h"

#include <boost/json/object.hpp>

#include "net/http_json.h"

namespace exchange::app {

// HTTP and JSON helpers (net/http_json.h) by their short names.
using namespace net;  // NOLINT(google-build-using-namespace)
using auth::BuiltinLogin;
using auth::LoginAnswer;
using auth::SigningKey;

namespace {

HttpResponse answer(const HttpRequest& request, const LoginAnswer& result) {
  if (!result.tokens) {
    HttpResponse refusal =
        json_error(request, static_cast<http::status>(result.status), result.error);
    if (result.retry_after_seconds > 0) {
      refusal.set(http::field::retry_after, std::to_string(result.retry_after_seconds));
    }
    return refusal;
  }
  boost::json::object body;
  body["access_token"] = result.tokens->access_token;
  body["id_token"] = result.tokens->id_token;
  body["expires_in"] = result.tokens->expires_in;
  return json_response(request, http::status::ok, body);
}

struct Credentials {
  std::string name;
  std::string password;
  std::string setup_code;  // register only; optional
};

std::optional<Credentials> credentials_of(const HttpRequest& request) {
  std::optional<boost::json::object> body = json_body(request);
  if (!body) return std::nullopt;
  std::optional<std::string> name = string_member(*body, "name");
  std::optional<std::string> password = string_member(*body, "password");
  if (!name || !password) return std::nullopt;
  std::optional<std::string> setup_code = string_member(*body, "setup_code");
  return Credentials{std::move(*name), std::move(*password), setup_code.value_or("")};
}

constexpr const char* kBadBody = "Expected a JSON body {\"name\": ..., \"password\": ...}";

}  // namespace

void add_config_route(net::Server& server, std::function<std::string()> config_json) {
  server.add_route(http::verb::get, "/api/config",
                   [config_json = std::move(config_json)](const HttpRequest& request) {
                     HttpResponse response{http::status::ok, request.version()};
                     response.set(http::field::content_type, "application/json");
                     response.set(http::field::cache_control, "no-cache");
                     response.body() = config_json();
                     return response;
                   });
}

void add_builtin_login_routes(net::Server& server, BuiltinLogin& login, const SigningKey& key,
                              net::TrustedProxies proxies) {
  server.add_route(http::verb::get, "/api/.well-known/jwks.json",
                   [jwks = key.jwks_json()](const HttpRequest& request) {
                     HttpResponse response{http::status::ok, request.version()};
                     response.set(http::field::content_type, "application/json");
                     response.set(http::field::cache_control, "max-age=300");
                     response.body() = jwks;
                     return response;
                   });
  server.add_route(
      http::verb::post, "/api/auth/register",
      [&login, proxies](const HttpRequest& request, const HttpContext& context) {
        std::optional<Credentials> credentials = credentials_of(request);
        if (!credentials) return json_error(request, http::status::bad_request, kBadBody);
        return answer(request,
                      login.register_user(credentials->name, credentials->password,
                                          client_address(request, context, proxies),
                                          credentials->setup_code));
      },
      RunOn::kHashing);
  server.add_route(
      http::verb::post, "/api/auth/login",
      [&login, proxies](const HttpRequest& request, const HttpContext& context) {
        std::optional<Credentials> credentials = credentials_of(request);
        if (!credentials) return json_error(request, http::status::bad_request, kBadBody);
        return answer(request, login.login(credentials->name, credentials->password,
                                           client_address(request, context, proxies)));
      },
      RunOn::kHashing);
  add_preflight_route(server, "/api/auth/register");
  add_preflight_route(server, "/api/auth/login");
}

void add_preflight_route(net::Server& server, const std::string& path, bool prefix) {
  net::HttpHandler preflight = [](const HttpRequest& request) {
    HttpResponse response{http::status::no_content, request.version()};
    response.set(http::field::access_control_allow_origin, "*");
    response.set(http::field::access_control_allow_methods, "GET, POST, DELETE, OPTIONS");
    response.set(http::field::access_control_allow_headers, "Authorization, Content-Type");
    response.set(http::field::access_control_max_age, "600");
    return response;
  };
  if (prefix) {
    server.add_prefix_route(http::verb::options, path, std::move(preflight));
  } else {
    server.add_route(http::verb::options, path, std::move(preflight));
  }
}

}  // namespace exchange::app
