#pragma once
// JSON over HTTP for the server's small JSON routes (login, bot tokens, uploads): bodies in,
// answers and {"error": "..."} out.

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "net/server.h"

namespace exchange::net {

// `body` serialized, Content-Type application/json, never cached (answers may hold tokens).
HttpResponse json_response(const HttpRequest& request, http::status status,
                                const boost::json::value& body);
// {"error": message}
HttpResponse json_error(const HttpRequest& request, http::status status,
                             std::string_view message);
// An empty answer with `status` (e.g. 204).
HttpResponse empty_response(const HttpRequest& request, http::status status);

// The request body as a JSON object; nullopt if it is not one.
std::optional<boost::json::object> json_body(const HttpRequest& request);
// A string member of `object`; nullopt if absent or not a string.
std::optional<std::string> string_member(const boost::json::object& object, std::string_view name);

// The token of "Authorization: Bearer <token>"; nullopt without one.
std::optional<std::string_view> bearer_token(const HttpRequest& request);

// The reverse proxies whose X-Forwarded-For header is believed, by IP address (IPv4 or IPv6
// literals; an IPv4-mapped IPv6 address counts as its IPv4 address). Empty: none.
class TrustedProxies {
 public:
  TrustedProxies() = default;
  // Throws std::invalid_argument naming the first entry that is not an IP address.
  explicit TrustedProxies(const std::vector<std::string>& addresses);
  bool contains(std::string_view peer_address) const;
  bool empty() const { return addresses_.empty(); }

 private:
  std::vector<std::string> addresses_;  // canonical spelling
};

// The address failed logins and registrations are counted against: the peer's, or, when the
// peer is one of `proxies`, the last X-Forwarded-For entry (the one that proxy added; earlier
// entries come from the client and prove nothing).
std::string client_address(const HttpRequest& request, const HttpContext& context,
                           const TrustedProxies& proxies);

}  // namespace exchange::net
