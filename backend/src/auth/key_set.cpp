#include "auth/key_set.h"

#include <spdlog/spdlog.h>

#include "auth/http_fetch.h"

namespace exchange::auth {
namespace {

constexpr std::chrono::seconds kFetchTimeout{5};

}  // namespace

KeySet::KeySet(KeyMap keys) : keys_(std::make_shared<const KeyMap>(std::move(keys))) {}

KeySet::KeySet(Fetch fetch, Clock clock)
    : fetch_(std::move(fetch)), clock_(std::move(clock)), keys_(std::make_shared<const KeyMap>()) {}

std::optional<VerificationKey> KeySet::lookup(std::string_view kid) const {
  std::shared_ptr<const KeyMap> keys;
  {
    std::lock_guard lock(keys_mutex_);
    keys = keys_;
  }
  auto found = keys->find(kid);
  if (found == keys->end()) return std::nullopt;
  return found->second;
}

std::optional<VerificationKey> KeySet::find(std::string_view kid) {
  if (std::optional<VerificationKey> key = lookup(kid)) return key;
  if (!fetch_) return std::nullopt;
  std::lock_guard fetching(fetch_mutex_);
  // Another thread may have fetched while this one waited.
  if (std::optional<VerificationKey> key = lookup(kid)) return key;
  const auto now = clock_();
  if (next_fetch_allowed_ && now < *next_fetch_allowed_) return std::nullopt;
  ++fetch_count_;
  std::optional<KeyMap> fetched;
  if (std::optional<std::string> document = fetch_()) {
    fetched = parse_jwks(*document);
    if (!fetched) spdlog::warn("auth: the issuer's key set is not a JWKS document");
  }
  if (!fetched) {
    next_fetch_allowed_ = now + kRetryInterval;
    return std::nullopt;
  }
  next_fetch_allowed_ = now + kRefreshInterval;
  spdlog::info("auth: loaded {} signing key(s) from the issuer", fetched->size());
  {
    std::lock_guard lock(keys_mutex_);
    keys_ = std::make_shared<const KeyMap>(std::move(*fetched));
  }
  return lookup(kid);
}

size_t KeySet::fetch_count() const {
  std::lock_guard lock(fetch_mutex_);
  return fetch_count_;
}

KeySet::Fetch jwks_fetch_for_issuer(const std::string& issuer) {
  std::string url = issuer;
  while (!url.empty() && url.back() == '/') url.pop_back();
  url += "/.well-known/jwks.json";
  return [url] { return http_get(url, kFetchTimeout); };
}

}  // namespace exchange::auth
