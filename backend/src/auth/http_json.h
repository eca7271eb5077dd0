#pragma once
// JSON over HTTP for the auth routes: bodies in, answers and {"error": "..."} out.

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "net/server.h"

namespace exchange::auth {

namespace http = net::http;

// `body` serialized, Content-Type application/json, never cached (answers may hold tokens).
net::HttpResponse json_response(const net::HttpRequest& request, http::status status,
                                const boost::json::value& body);
// {"error": message}
net::HttpResponse json_error(const net::HttpRequest& request, http::status status,
                             std::string_view message);
// An empty answer with `status` (e.g. 204).
net::HttpResponse empty_response(const net::HttpRequest& request, http::status status);

// The request body as a JSON object; nullopt if it is not one.
std::optional<boost::json::object> json_body(const net::HttpRequest& request);
// A string member of `object`; nullopt if absent or not a string.
std::optional<std::string> string_member(const boost::json::object& object, std::string_view name);

// The token of "Authorization: Bearer <token>"; nullopt without one.
std::optional<std::string_view> bearer_token(const net::HttpRequest& request);

// The address failed logins are counted against: the peer's, or with `trust_forwarded_for`
// the last X-Forwarded-For entry (the one our reverse proxy added).
std::string client_address(const net::HttpRequest& request, const net::HttpContext& context,
                           bool trust_forwarded_for);

}  // namespace exchange::auth
