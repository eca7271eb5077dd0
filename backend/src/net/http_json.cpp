#include "net/http_json.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <cctype>

namespace exchange::net {
namespace {

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

}  // namespace

HttpResponse json_response(const HttpRequest& request, http::status status,
                                const boost::json::value& body) {
  HttpResponse response{status, request.version()};
  response.set(http::field::content_type, "application/json");
  response.set(http::field::cache_control, "no-store");
  response.body() = boost::json::serialize(body);
  return response;
}

HttpResponse json_error(const HttpRequest& request, http::status status,
                             std::string_view message) {
  boost::json::object body;
  body["error"] = message;
  return json_response(request, status, body);
}

HttpResponse empty_response(const HttpRequest& request, http::status status) {
  return HttpResponse{status, request.version()};
}

std::optional<boost::json::object> json_body(const HttpRequest& request) {
  boost::system::error_code ec;
  boost::json::value value = boost::json::parse(request.body(), ec);
  if (ec || !value.is_object()) return std::nullopt;
  return std::move(value.get_object());
}

std::optional<std::string> string_member(const boost::json::object& object, std::string_view name) {
  const boost::json::value* value = object.if_contains(name);
  if (value == nullptr || !value->is_string()) return std::nullopt;
  return std::string(value->get_string());
}

std::optional<std::string_view> bearer_token(const HttpRequest& request) {
  auto header = request.find(http::field::authorization);
  if (header == request.end()) return std::nullopt;
  std::string_view value = trim(header->value());
  constexpr std::string_view kScheme = "bearer ";
  if (value.size() <= kScheme.size()) return std::nullopt;
  for (size_t i = 0; i < kScheme.size(); ++i) {  // the scheme is case-insensitive
    if (std::tolower(static_cast<unsigned char>(value[i])) != kScheme[i]) return std::nullopt;
  }
  std::string_view token = trim(value.substr(kScheme.size()));
  if (token.empty()) return std::nullopt;
  return token;
}

std::string client_address(const HttpRequest& request, const HttpContext& context,
                           bool trust_forwarded_for) {
  if (trust_forwarded_for) {
    auto header = request.find("X-Forwarded-For");
    if (header != request.end()) {
      std::string_view list = header->value();
      const size_t comma = list.rfind(',');
      std::string_view last = trim(comma == std::string_view::npos ? list : list.substr(comma + 1));
      if (!last.empty()) return std::string(last);
    }
  }
  return context.remote_address;
}

}  // namespace exchange::net
