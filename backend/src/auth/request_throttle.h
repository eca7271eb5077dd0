#pragma once
// Throttles a kind of request (registration, login attempts) per client address with a token
// bucket: an address starts with `burst` tokens, each request takes one, and one comes back
// every `refill_interval` up to `burst`. So a classroom behind one NAT can all register at
// once, while a script from one address gets one request per interval.
// Memory is bounded: at kMaxAddresses, full buckets (the same as no bucket) are forgotten,
// then the least recently used one; an attacker needs that many addresses to reset its own.

#include <chrono>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

namespace exchange::auth {

class RequestThrottle {
 public:
  using Clock = std::function<std::chrono::steady_clock::time_point()>;

  struct Limits {
    int burst = 30;
    std::chrono::milliseconds refill_interval{10'000};
  };

  static constexpr size_t kMaxAddresses = 50'000;

  explicit RequestThrottle(Limits limits, Clock clock = std::chrono::steady_clock::now);

  // Takes a token for `address`: nullopt when the request may go ahead, else how long until
  // it may (whole seconds, at least 1, for a Retry-After header). Thread-safe.
  std::optional<std::chrono::seconds> take(const std::string& address);

  size_t tracked_addresses();

 private:
  struct Bucket {
    double tokens = 0;
    std::chrono::steady_clock::time_point updated;
  };
  double refilled(const Bucket& bucket, std::chrono::steady_clock::time_point now) const;
  void make_room(std::chrono::steady_clock::time_point now);

  Limits limits_;
  Clock clock_;
  std::mutex mutex_;
  std::unordered_map<std::string, Bucket> buckets_;
};

}  // namespace exchange::auth
