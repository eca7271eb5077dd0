#pragma once
// The verification keys of one issuer, by kid. Either fixed (the built-in issuer's own key) or
// fetched from a JWKS URL and cached: fetched on first use, and again when a token names an
// unknown kid (key rotation), at most once per refresh interval so that tokens with made-up
// kids cannot make us hammer the issuer. A failed fetch keeps the keys we had.

#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "auth/jwk.h"

namespace exchange::auth {

class KeySet {
 public:
  using Clock = std::function<std::chrono::steady_clock::time_point()>;
  // Returns the JWKS document, or nullopt when it could not be fetched. May block.
  using Fetch = std::function<std::optional<std::string>()>;

  // After a successful fetch, the next one waits this long.
  static constexpr std::chrono::seconds kRefreshInterval{60};
  // After a failed fetch (the issuer was unreachable), the next one waits this long.
  static constexpr std::chrono::seconds kRetryInterval{5};

  // A fixed set of keys; never fetches.
  explicit KeySet(KeyMap keys);
  // Keys fetched with `fetch` as described above.
  explicit KeySet(Fetch fetch, Clock clock = std::chrono::steady_clock::now);

  // Thread-safe. The key for `kid`, fetching first if allowed and needed; may block while a
  // fetch runs.
  std::optional<VerificationKey> find(std::string_view kid);

  // How many fetches were attempted (for tests and logs).
  size_t fetch_count() const;

 private:
  std::optional<VerificationKey> lookup(std::string_view kid) const;

  Fetch fetch_;
  Clock clock_;
  mutable std::mutex keys_mutex_;  // guards keys_
  std::shared_ptr<const KeyMap> keys_;
  mutable std::mutex fetch_mutex_;  // one fetch at a time; guards the fields below
  std::optional<std::chrono::steady_clock::time_point> next_fetch_allowed_;
  size_t fetch_count_ = 0;
};

// A Fetch of `<issuer>/.well-known/jwks.json` over HTTP(S).
KeySet::Fetch jwks_fetch_for_issuer(const std::string& issuer);

}  // namespace exchange::auth
