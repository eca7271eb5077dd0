#include "net/http_json.h"

#include <boost/asio/ip/address.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <algorithm>
#include <cctype>
#include <stdexcept>

namespace exchange::net {
namespace {

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

// `text` as a canonical IP address string, or nullopt if it is not one.
std::optional<std::string> canonical_address(std::string_view text) {
  boost::system::error_code ec;
  boost::asio::ip::address address = boost::asio::ip::make_address(std::string(text), ec);
  if (ec) return std::nullopt;
  if (address.is_v6() && address.to_v6().is_v4_mapped()) {
    address = boost::asio::ip::make_address_v4(boost::asio::ip::v4_mapped, address.to_v6());
  }
  return address.to_string();
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

TrustedProxies::TrustedProxies(const std::vector<std::string>& addresses) {
  for (const std::string& entry : addresses) {
    std::optional<std::string> address = canonical_address(trim(entry));
    if (!address) throw std::invalid_argument("trusted proxy is not an IP address: '" + entry + "'");
    addresses_.push_back(std::move(*address));
  }
}

bool TrustedProxies::contains(std::string_view peer_address) const {
  if (addresses_.empty()) return false;
  std::optional<std::string> peer = canonical_address(peer_address);
  return peer && std::find(addresses_.begin(), addresses_.end(), *peer) != addresses_.end();
}

std::string client_address(const HttpRequest& request, const HttpContext& context,
                           const TrustedProxies& proxies) {
  if (proxies.contains(context.remote_address)) {
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
