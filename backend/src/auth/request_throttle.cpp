#include "auth/request_throttle.h"

#include <algorithm>
#include <cmath>

namespace exchange::auth {

RequestThrottle::RequestThrottle(Limits limits, Clock clock)
    : limits_(limits), clock_(std::move(clock)) {
  limits_.burst = std::max(1, limits_.burst);
  limits_.refill_interval = std::max(std::chrono::milliseconds(1), limits_.refill_interval);
}

double RequestThrottle::refilled(const Bucket& bucket,
                                 std::chrono::steady_clock::time_point now) const {
  const double elapsed = std::chrono::duration<double>(now - bucket.updated).count();
  const double per_second = 1.0 / std::chrono::duration<double>(limits_.refill_interval).count();
  return std::min<double>(limits_.burst, bucket.tokens + std::max(0.0, elapsed) * per_second);
}

void RequestThrottle::make_room(std::chrono::steady_clock::time_point now) {
  std::erase_if(buckets_,
                [&](const auto& entry) { return refilled(entry.second, now) >= limits_.burst; });
  if (buckets_.size() < kMaxAddresses) return;
  auto oldest = std::min_element(
      buckets_.begin(), buckets_.end(),
      [](const auto& a, const auto& b) { return a.second.updated < b.second.updated; });
  buckets_.erase(oldest);
}

std::optional<std::chrono::seconds> RequestThrottle::take(const std::string& address) {
  std::lock_guard lock(mutex_);
  const auto now = clock_();
  auto found = buckets_.find(address);
  if (found == buckets_.end()) {
    if (buckets_.size() >= kMaxAddresses) make_room(now);
    found = buckets_.emplace(address, Bucket{static_cast<double>(limits_.burst), now}).first;
  }
  Bucket& bucket = found->second;
  bucket.tokens = refilled(bucket, now);
  bucket.updated = now;
  if (bucket.tokens >= 1) {
    bucket.tokens -= 1;
    return std::nullopt;
  }
  const double wait =
      (1 - bucket.tokens) * std::chrono::duration<double>(limits_.refill_interval).count();
  return std::chrono::seconds(std::max<int64_t>(1, static_cast<int64_t>(std::ceil(wait))));
}

size_t RequestThrottle::tracked_addresses() {
  std::lock_guard lock(mutex_);
  return buckets_.size();
}

}  // namespace exchange::auth
