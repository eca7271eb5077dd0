#pragma once
// Per-user request rate limits (rules.md section 14, protocol.md Appendix B): generic cell-rate
// algorithm buckets keyed by the session user's account id, one per class and per tier (the
// sudo-admin buckets are independent of the normal ones). Buckets start full; a refused
// request takes nothing.

#include <chrono>
#include <cstdint>
#include <unordered_map>

#include "core/ids.h"

namespace exchange::api {

enum class RateClass : uint8_t { kExpensive, kMutate };

class RateLimiter {
 public:
  using Clock = std::chrono::steady_clock;

  // Takes one unit if the bucket has one.
  bool try_take(AccountId user, RateClass rate_class, bool sudo_admin, Clock::time_point now);
  void set_enabled(bool enabled) { enabled_ = enabled; }

 private:
  struct Bucket {
    Clock::duration interval;  // time to refill one unit
    int64_t burst;
  };
  static Bucket bucket_for(RateClass rate_class, bool sudo_admin);

  bool enabled_ = true;
  // Theoretical arrival time per (user, class, tier).
  std::unordered_map<uint64_t, Clock::time_point> arrival_;
};

}  // namespace exchange::api
