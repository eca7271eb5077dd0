// X-Forwarded-For is believed only from the configured reverse proxies (net/http_json.h).

#include <gtest/gtest.h>

// Boost.JSON's implementation, which the server gets from auth/json.cpp: net_tests links net/
// (http_json.cpp parses JSON) without auth/.
#include <boost/json/src.hpp>

#include <stdexcept>

#include "net/http_json.h"

namespace exchange::net {
namespace {

HttpRequest request_with(const std::string& forwarded_for) {
  HttpRequest request{http::verb::post, "/api/auth/login", 11};
  if (!forwarded_for.empty()) request.set("X-Forwarded-For", forwarded_for);
  return request;
}

TEST(TrustedProxiesTest, MatchesAddressesHoweverSpelled) {
  TrustedProxies proxies({"127.0.0.1", " ::1 ", "2001:DB8::0:1"});
  EXPECT_TRUE(proxies.contains("127.0.0.1"));
  EXPECT_TRUE(proxies.contains("::1"));
  EXPECT_TRUE(proxies.contains("::ffff:127.0.0.1"));  // IPv4-mapped
  EXPECT_TRUE(proxies.contains("2001:db8::1"));
  EXPECT_FALSE(proxies.contains("127.0.0.2"));
  EXPECT_FALSE(proxies.contains(""));
  EXPECT_FALSE(proxies.contains("not an address"));
  EXPECT_FALSE(TrustedProxies().contains("127.0.0.1"));
}

TEST(TrustedProxiesTest, RefusesWhatIsNotAnAddress) {
  EXPECT_THROW(TrustedProxies({"localhost"}), std::invalid_argument);
  EXPECT_THROW(TrustedProxies({"10.0.0.0/8"}), std::invalid_argument);
  EXPECT_THROW(TrustedProxies({""}), std::invalid_argument);
}

TEST(ClientAddressTest, UsesTheLastForwardedEntryFromATrustedProxy) {
  const TrustedProxies proxies({"10.0.0.5"});
  const HttpContext from_proxy{"10.0.0.5"};
  EXPECT_EQ(client_address(request_with("198.51.100.1, 203.0.113.7"), from_proxy, proxies),
            "203.0.113.7");
  EXPECT_EQ(client_address(request_with("203.0.113.7"), from_proxy, proxies), "203.0.113.7");
  // No header, or an empty last entry: the proxy's own address.
  EXPECT_EQ(client_address(request_with(""), from_proxy, proxies), "10.0.0.5");
  EXPECT_EQ(client_address(request_with("203.0.113.7, "), from_proxy, proxies), "10.0.0.5");
}

TEST(ClientAddressTest, IgnoresTheHeaderFromAnyOtherPeer) {
  const TrustedProxies proxies({"10.0.0.5"});
  const HttpContext direct{"192.0.2.9"};
  EXPECT_EQ(client_address(request_with("203.0.113.7"), direct, proxies), "192.0.2.9");
  EXPECT_EQ(client_address(request_with("203.0.113.7"), HttpContext{"127.0.0.1"}, TrustedProxies()),
            "127.0.0.1");
}

}  // namespace
}  // namespace exchange::net
