#pragma once
// Limits failed password logins per client address: a leaky bucket per address that fills by
// one per failure and drains at max_failures per window. While it is full, every login from the
// address is refused (even with the right password) without checking the password, so a
// guesser gets at most max_failures tries per window and costs us no hashing meanwhile.
// Memory is bounded: drained buckets are forgotten.

#include <chrono>
#include <functional>
#include <mutex>
#include <string>
#include <unordered_map>

namespace exchange::auth {

class LoginLimiter {
 public:
  using Clock = std::function<std::chrono::steady_clock::time_point()>;

  struct Limits {
    int max_failures = 10;
    std::chrono::seconds window{15 * 60};
  };

  // Addresses tracked at most; past this, the oldest state is dropped (failing open rather
  // than growing without bound).
  static constexpr size_t kMaxAddresses = 100'000;

  explicit LoginLimiter(Limits limits, Clock clock = std::chrono::steady_clock::now);

  // Thread-safe.
  bool blocked(const std::string& address);
  void record_failure(const std::string& address);

 private:
  struct Bucket {
    double level = 0;
    std::chrono::steady_clock::time_point updated;
  };
  // The bucket's level drained up to `now`.
  double drained(const Bucket& bucket, std::chrono::steady_clock::time_point now) const;
  void forget_drained(std::chrono::steady_clock::time_point now);

  Limits limits_;
  Clock clock_;
  std::mutex mutex_;
  std::unordered_map<std::string, Bucket> buckets_;
};

}  // namespace exchange::auth
