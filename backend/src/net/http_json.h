#pragma once
// JSON over HTTP for the server's small JSON routes (login, bot tokens, uploads): bodies in,
// answers and {"error": "..."} out.

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <optional>
#include <string>
#include <string_view>

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

// The address failed logins are counted against: the peer's, or with `trust_forwarded_for`
// the last X-Forwarded-For entry (the one our reverse proxy added).
std::string client_address(const HttpRequest& request, const HttpContext& context,
                           bool trust_forwarded_for);

}  // namespace exchange::net
