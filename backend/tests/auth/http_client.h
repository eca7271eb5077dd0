#pragma once
// A blocking HTTP/1.1 client for the auth tests: one request per connection to 127.0.0.1.

#include <cstdint>
#include <map>
#include <string>

#include <boost/json/value.hpp>

#include "net/server.h"

namespace exchange::auth::testing {

struct HttpAnswer {
  int status = 0;
  std::string body;
  std::map<std::string, std::string> headers;  // lower-case names
  boost::json::value json() const;             // body parsed (null when not JSON)
};

HttpAnswer http_call(uint16_t port, net::http::verb method, const std::string& target,
                     const std::string& body = {}, const std::string& bearer = {},
                     const std::map<std::string, std::string>& headers = {});

// POST `target` with {"name": name, "password": password}.
HttpAnswer post_credentials(uint16_t port, const std::string& target, const std::string& name,
                            const std::string& password);

}  // namespace exchange::auth::testing
