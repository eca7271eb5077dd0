// Per-address throttling of registration and login attempts (issue 13, item 6): the token
// bucket itself, then the routes' 429 answers with Retry-After.

#include "auth/request_throttle.h"

#include <gtest/gtest.h>

#include <atomic>

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <thread>
#include <vector>

#include "http_client.h"
#include "test_exchange.h"

namespace exchange::auth::testing {
namespace {

namespace json = boost::json;
using exchange::testing::TestExchange;
using std::chrono::seconds;
using verb = net::http::verb;

TEST(RequestThrottle, BurstThenOnePerInterval) {
  auto now = std::chrono::steady_clock::now();
  RequestThrottle throttle({3, seconds(10)}, [&] { return now; });
  for (int i = 0; i < 3; ++i) EXPECT_EQ(throttle.take("a"), std::nullopt) << i;
  EXPECT_EQ(throttle.take("a"), seconds(10));
  EXPECT_EQ(throttle.take("b"), std::nullopt);  // other addresses have their own bucket
  now += seconds(4);
  EXPECT_EQ(throttle.take("a"), seconds(6));  // Retry-After counts down
  now += seconds(6);
  EXPECT_EQ(throttle.take("a"), std::nullopt);
  EXPECT_EQ(throttle.take("a"), seconds(10));
  now += seconds(3600);  // refills up to the burst, not beyond
  for (int i = 0; i < 3; ++i) EXPECT_EQ(throttle.take("a"), std::nullopt) << i;
  EXPECT_NE(throttle.take("a"), std::nullopt);
}

TEST(RequestThrottle, MemoryIsBounded) {
  auto now = std::chrono::steady_clock::now();
  RequestThrottle throttle({2, seconds(10)}, [&] { return now; });
  EXPECT_EQ(throttle.take("victim"), std::nullopt);
  EXPECT_EQ(throttle.take("victim"), std::nullopt);
  for (size_t i = 0; i < RequestThrottle::kMaxAddresses + 10; ++i) {
    throttle.take("10.0." + std::to_string(i));
  }
  EXPECT_LE(throttle.tracked_addresses(), RequestThrottle::kMaxAddresses);
  // Full buckets are forgotten first: recently throttled addresses stay throttled for a while.
  now += seconds(25);  // everyone is full again, and forgettable
  throttle.take("new");
  EXPECT_LE(throttle.tracked_addresses(), RequestThrottle::kMaxAddresses);
}

class ThrottledRoutesTest : public ::testing::Test {
 protected:
  static app::Config config() {
    app::Config config;
    config.password_cost = "minimum";
    config.trust_forwarded_for = true;
    config.registrations_burst = 2;
    config.registration_interval = std::chrono::milliseconds(60'000);
    config.login_attempts_burst = 3;
    config.login_attempt_interval = std::chrono::milliseconds(30'000);
    return config;
  }
  ThrottledRoutesTest() : exchange_(config()) {}

  HttpAnswer post_from(const std::string& address, const std::string& target,
                       const std::string& name, const std::string& password) {
    json::object body{{"name", name}, {"password", password}};
    return http_call(exchange_.port(), verb::post, target, json::serialize(body), {},
                     {{"X-Forwarded-For", address}});
  }

  TestExchange exchange_;
};

TEST_F(ThrottledRoutesTest, RegistrationsPerAddressAreThrottled) {
  EXPECT_EQ(post_from("203.0.113.1", "/api/auth/register", "ann", "correct horse").status, 200);
  // A refused registration counts too: each one costs us work.
  EXPECT_EQ(post_from("203.0.113.1", "/api/auth/register", "ann", "correct horse").status, 409);
  HttpAnswer throttled = post_from("203.0.113.1", "/api/auth/register", "bea", "correct horse");
  EXPECT_EQ(throttled.status, 429);
  EXPECT_EQ(throttled.headers["retry-after"], "60");
  EXPECT_NE(throttled.body.find("Too many registrations"), std::string::npos) << throttled.body;
  // Another address (another classroom) is not affected.
  EXPECT_EQ(post_from("203.0.113.2", "/api/auth/register", "bea", "correct horse").status, 200);
}

TEST_F(ThrottledRoutesTest, LoginAttemptsPerAddressAreThrottledEvenWhenRight) {
  ASSERT_EQ(post_from("198.51.100.9", "/api/auth/register", "ann", "correct horse").status, 200);
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(post_from("203.0.113.1", "/api/auth/login", "ann", "correct horse").status, 200);
  }
  HttpAnswer throttled = post_from("203.0.113.1", "/api/auth/login", "ann", "correct horse");
  EXPECT_EQ(throttled.status, 429);
  EXPECT_EQ(throttled.headers["retry-after"], "30");
  EXPECT_NE(throttled.body.find("Too many login attempts"), std::string::npos) << throttled.body;
  EXPECT_EQ(post_from("203.0.113.2", "/api/auth/login", "ann", "correct horse").status, 200);
}

// Password hashing runs on its own small pool: a burst of registrations (each an expensive
// argon2id hash) must not delay WebSocket logins, whose token checks use the worker pool.
TEST(HashingPool, RegistrationFloodDoesNotDelayLogins) {
  app::Config config;
  config.password_cost = "interactive";  // 64 MiB and ~0.1 s a hash: a queue of them is slow
  TestExchange exchange(config);
  std::vector<std::thread> flood;
  std::vector<int> statuses(20);
  std::atomic<size_t> hashed{0};  // registrations answered 200 so far
  for (size_t i = 0; i < statuses.size(); ++i) {
    flood.emplace_back([&, i] {
      statuses[i] = post_credentials(exchange.port(), "/api/auth/register",
                                     "flood " + std::to_string(i), "correct horse")
                        .status;
      if (statuses[i] == 200) ++hashed;
    });
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(50));  // the hashes are queued now
  exchange.user("probe");  // a WebSocket login: its token is checked on the worker pool
  const size_t hashed_before_login = hashed.load();
  for (auto& thread : flood) thread.join();
  // Ordering, not timing: on a shared pool the login's token check queued behind every hash
  // (nearly all registrations answered first); on its own pool it is answered while most
  // hashes still wait, however fast or slow the machine is.
  EXPECT_LT(hashed_before_login, hashed.load() / 2);
  for (int status : statuses) EXPECT_TRUE(status == 200 || status == 503) << status;  // 503: busy
}

TEST(RateLimitsOff, LiftsTheThrottles) {
  app::Config config;
  config.password_cost = "minimum";
  config.registrations_burst = 1;
  config.login_attempts_burst = 1;
  config.rate_limits = "off";
  TestExchange exchange(config);
  for (const char* name : {"ann", "bea", "cid"}) {
    EXPECT_EQ(post_credentials(exchange.port(), "/api/auth/register", name, "correct horse").status,
              200);
  }
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(post_credentials(exchange.port(), "/api/auth/login", "ann", "correct horse").status,
              200);
  }
}

}  // namespace
}  // namespace exchange::auth::testing
