#pragma once
// One blocking HTTP(S) GET with libcurl, for fetching an issuer's key set. Call it only where
// blocking is allowed (a worker thread, start-up).

#include <chrono>
#include <optional>
#include <string>

namespace exchange::auth {

// Larger bodies are refused.
constexpr size_t kMaxFetchBytes = 1 << 20;

// The body of a 200 answer to GET `url` (http or https only, no redirects, certificates
// verified); nullopt on any other outcome, which is logged.
std::optional<std::string> http_get(const std::string& url, std::chrono::milliseconds timeout);

}  // namespace exchange::auth
