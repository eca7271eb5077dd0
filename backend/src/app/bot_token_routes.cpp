#include "app/bot_token_routes.h"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <charconv>
#include <ctime>

#include "net/http_json.h"
#include "app/login_routes.h"

namespace exchange::app {

// HTTP and JSON helpers (net/http_json.h) by their short names.
using namespace net;  // NOLINT(google-build-using-namespace)
using auth::Authenticator;
using auth::BotTokenInfo;
using auth::BotTokens;
using auth::CreatedBotToken;

namespace {

constexpr std::string_view kTokensPath = "/api/auth/tokens";
constexpr std::string_view kTokenPrefix = "/api/auth/tokens/";

// Runs `body(identity)` for a request with a valid bearer access token; 401 otherwise.
template <class Body>
HttpResponse with_user(const Authenticator& authenticator, const HttpRequest& request,
                       Body&& body) {
  std::optional<std::string_view> token = bearer_token(request);
  std::optional<messaging::Identity> identity;
  if (token) identity = authenticator.verify_bearer(*token);
  if (!identity) {
    HttpResponse response =
        json_error(request, http::status::unauthorized, "A valid access token is required");
    response.set(http::field::www_authenticate, "Bearer");
    return response;
  }
  return body(*identity);
}

boost::json::object info_json(const BotTokenInfo& info) {
  boost::json::object object;
  object["id"] = info.id;
  object["name"] = info.name;
  object["created_at"] = iso_time(info.created_at);
  if (info.last_used_at) {
    object["last_used_at"] = iso_time(*info.last_used_at);
  } else {
    object["last_used_at"] = nullptr;
  }
  return object;
}

}  // namespace

std::string iso_time(int64_t unix_seconds) {
  const std::time_t time = static_cast<std::time_t>(unix_seconds);
  std::tm utc{};
  gmtime_r(&time, &utc);
  char text[32];
  const size_t length = std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return std::string(text, length);
}

void add_bot_token_routes(net::Server& server, const Authenticator& authenticator,
                          BotTokens& tokens) {
  server.add_route(
      http::verb::post, std::string(kTokensPath),
      [&](const HttpRequest& request, const HttpContext&) {
        return with_user(authenticator, request, [&](const messaging::Identity& user) {
          std::optional<boost::json::object> body = json_body(request);
          std::optional<std::string> name = body ? string_member(*body, "name") : std::nullopt;
          if (!name) {
            return json_error(request, http::status::bad_request,
                              "Expected a JSON body {\"name\": ...}");
          }
          auto created = tokens.create(user.subject, *name);
          if (auto* error = std::get_if<std::string>(&created)) {
            return json_error(request, http::status::bad_request, *error);
          }
          const CreatedBotToken& token = std::get<CreatedBotToken>(created);
          boost::json::object answer;
          answer["id"] = token.info.id;
          answer["name"] = token.info.name;
          answer["token"] = token.token;
          answer["created_at"] = iso_time(token.info.created_at);
          return json_response(request, http::status::created, answer);
        });
      },
      RunOn::kWorker);
  server.add_route(
      http::verb::get, std::string(kTokensPath),
      [&](const HttpRequest& request, const HttpContext&) {
        return with_user(authenticator, request, [&](const messaging::Identity& user) {
          boost::json::array list;
          for (const BotTokenInfo& info : tokens.list(user.subject))
            list.push_back(info_json(info));
          return json_response(request, http::status::ok, list);
        });
      },
      RunOn::kWorker);
  server.add_prefix_route(
      http::verb::delete_, std::string(kTokenPrefix),
      [&](const HttpRequest& request, const HttpContext&) {
        return with_user(authenticator, request, [&](const messaging::Identity& user) {
          std::string_view path = request.target();
          path = path.substr(0, path.find('?')).substr(kTokenPrefix.size());
          int64_t id = 0;
          auto [end, ec] = std::from_chars(path.data(), path.data() + path.size(), id);
          if (path.empty() || ec != std::errc() || end != path.data() + path.size() ||
              !tokens.revoke(user.subject, id)) {
            return json_error(request, http::status::not_found, "No such token");
          }
          return empty_response(request, http::status::no_content);
        });
      },
      RunOn::kWorker);
  add_preflight_route(server, std::string(kTokensPath));
  add_preflight_route(server, std::string(kTokenPrefix), /*prefix=*/true);
}

}  // namespace exchange::app
