#include "auth/http_fetch.h"

#include <curl/curl.h>
#include <spdlog/spdlog.h>

#include <memory>
#include <mutex>

namespace exchange::auth {
namespace {

struct Body {
  std::string text;
  bool too_large = false;
};

size_t append(char* data, size_t size, size_t count, void* user) {
  auto* body = static_cast<Body*>(user);
  const size_t bytes = size * count;
  if (body->text.size() + bytes > kMaxFetchBytes) {
    body->too_large = true;
    return 0;  // makes curl fail the transfer
  }
  body->text.append(data, bytes);
  return bytes;
}

struct CurlFree {
  void operator()(CURL* handle) const { curl_easy_cleanup(handle); }
};

}  // namespace

std::optional<std::string> http_get(const std::string& url, std::chrono::milliseconds timeout) {
  // curl_global_init is not thread-safe; run it once, before the first handle.
  static std::once_flag initialised;
  std::call_once(initialised, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
  std::unique_ptr<CURL, CurlFree> curl(curl_easy_init());
  if (!curl) return std::nullopt;
  Body body;
  CURL* handle = curl.get();
  curl_easy_setopt(handle, CURLOPT_URL, url.c_str());
  curl_easy_setopt(handle, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(handle, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(handle, CURLOPT_NOSIGNAL, 1L);  // no SIGALRM in a threaded server
  curl_easy_setopt(handle, CURLOPT_TIMEOUT_MS, static_cast<long>(timeout.count()));
  curl_easy_setopt(handle, CURLOPT_WRITEFUNCTION, append);
  curl_easy_setopt(handle, CURLOPT_WRITEDATA, &body);
  curl_easy_setopt(handle, CURLOPT_USERAGENT, "exchange-server");
  const CURLcode result = curl_easy_perform(handle);
  long status = 0;
  curl_easy_getinfo(handle, CURLINFO_RESPONSE_CODE, &status);
  if (result != CURLE_OK || status != 200) {
    spdlog::warn("auth: GET {} failed: {}", url,
                 result != CURLE_OK
                     ? (body.too_large ? "body too large" : curl_easy_strerror(result))
                     : "HTTP status " + std::to_string(status));
    return std::nullopt;
  }
  return std::move(body.text);
}

}  // namespace exchange::auth
