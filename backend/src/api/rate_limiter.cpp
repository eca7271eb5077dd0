#include "api/rate_limiter.h"

#include <algorithm>

namespace exchange::api {

using namespace std::chrono_literals;

RateLimiter::Bucket RateLimiter::bucket_for(RateClass rate_class, bool sudo_admin) {
  // Admin limits are ten times the user limits.
  if (rate_class == RateClass::kExpensive) {
    return sudo_admin ? Bucket{std::chrono::nanoseconds(60s) / 1800, 1800}
                      : Bucket{std::chrono::nanoseconds(60s) / 180, 180};
  }
  return sudo_admin ? Bucket{std::chrono::nanoseconds(1s) / 1000, 10000}
                    : Bucket{std::chrono::nanoseconds(1s) / 100, 1000};
}

bool RateLimiter::try_take(AccountId user, RateClass rate_class, bool sudo_admin,
                           Clock::time_point now) {
  if (!enabled_) return true;
  const Bucket bucket = bucket_for(rate_class, sudo_admin);
  const uint64_t key = (uint64_t(user) << 2) | (uint64_t(rate_class) << 1) | uint64_t(sudo_admin);
  auto [it, fresh] = arrival_.try_emplace(key, now);
  const Clock::time_point arrival = std::max(it->second, now);
  const Clock::duration tolerance = bucket.interval * (bucket.burst - 1);
  if (arrival - now > tolerance) return false;
  it->second = arrival + bucket.interval;
  return true;
}

}  // namespace exchange::api
