#pragma once
// A stand-in OIDC issuer on 127.0.0.1 (a net::Server): serves a JWKS document, which a test
// may replace, at /.well-known/jwks.json and counts how often it was fetched.

#include <atomic>
#include <memory>
#include <mutex>
#include <string>

#include "net/server.h"

namespace exchange::auth::testing {

class JwksServer {
 public:
  explicit JwksServer(std::string jwks);
  ~JwksServer();

  // "http://127.0.0.1:<port>", the issuer URL.
  std::string issuer() const;
  void set_jwks(std::string jwks);
  int fetches() const { return fetches_.load(); }

 private:
  mutable std::mutex mutex_;
  std::string jwks_;
  std::atomic<int> fetches_{0};
  std::unique_ptr<net::Server> server_;
  uint16_t port_ = 0;
};

}  // namespace exchange::auth::testing
