#include "jwks_server.h"

namespace exchange::auth::testing {

JwksServer::JwksServer(std::string jwks) : jwks_(std::move(jwks)) {
  net::ServerOptions options;
  options.address = "127.0.0.1";
  options.port = 0;
  options.io_threads = 1;
  options.worker_threads = 1;
  server_ = std::make_unique<net::Server>(options, net::ServerHooks{});
  server_->add_route(net::http::verb::get, "/.well-known/jwks.json",
                     [this](const net::HttpRequest& request) {
                       ++fetches_;
                       net::HttpResponse response{net::http::status::ok, request.version()};
                       response.set(net::http::field::content_type, "application/json");
                       std::lock_guard lock(mutex_);
                       response.body() = jwks_;
                       return response;
                     });
  port_ = server_->start();
}

JwksServer::~JwksServer() {
  server_->stop();
}

std::string JwksServer::issuer() const {
  return "http://127.0.0.1:" + std::to_string(port_);
}

void JwksServer::set_jwks(std::string jwks) {
  std::lock_guard lock(mutex_);
  jwks_ = std::move(jwks);
}

}  // namespace exchange::auth::testing
