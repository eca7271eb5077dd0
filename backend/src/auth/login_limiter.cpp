#include "auth/login_limiter.h"

#include <algorithm>

namespace exchange::auth {

LoginLimiter::LoginLimiter(Limits limits, Clock clock)
    : limits_(limits), clock_(std::move(clock)) {}

double LoginLimiter::drained(const Bucket& bucket,
                             std::chrono::steady_clock::time_point now) const {
  const double elapsed = std::chrono::duration<double>(now - bucket.updated).count();
  const double rate = limits_.max_failures / std::chrono::duration<double>(limits_.window).count();
  return std::max(0.0, bucket.level - elapsed * rate);
}

bool LoginLimiter::blocked(const std::string& address) {
  std::lock_guard lock(mutex_);
  auto found = buckets_.find(address);
  if (found == buckets_.end()) return false;
  // A bucket that drained by a fraction of a failure lets one attempt through.
  return drained(found->second, clock_()) > limits_.max_failures - 1;
}

void LoginLimiter::record_failure(const std::string& address) {
  std::lock_guard lock(mutex_);
  const auto now = clock_();
  if (buckets_.size() >= kMaxAddresses && !buckets_.contains(address)) {
    forget_drained(now);
    if (buckets_.size() >= kMaxAddresses) buckets_.clear();
  }
  Bucket& bucket = buckets_[address];
  bucket.level = drained(bucket, now) + 1;
  bucket.updated = now;
}

void LoginLimiter::forget_drained(std::chrono::steady_clock::time_point now) {
  std::erase_if(buckets_, [&](const auto& entry) { return drained(entry.second, now) == 0; });
}

}  // namespace exchange::auth
