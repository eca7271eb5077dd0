#pragma once
// HTTP and WebSocket on one port (Boost.Beast). WebSocket upgrades at /api carry the protocol:
// one binary frame per protobuf message. Plain HTTP requests go to registered routes, then to
// the static web app. Each I/O thread runs its own io_context; a session lives on one thread
// for its whole life, so session state needs no locks.

#include <boost/beast/http.hpp>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/inbound.h"
#include "engine/outbox.h"

namespace exchange::net {

namespace http = boost::beast::http;
using HttpRequest = http::request<http::string_body>;
using HttpResponse = http::response<http::string_body>;

struct ServerOptions {
  std::string address = "0.0.0.0";
  uint16_t port = 8080;  // 0 = any free port
  int io_threads = 2;
  size_t max_inbound_message_bytes = 1 << 20;  // larger frames close the connection (1009)
  size_t max_outbound_queue_bytes = 64 << 20;  // a session queueing more is closed (slow)
  size_t max_requests_in_flight = 1000;        // per session: stop reading above this
  size_t max_http_body_bytes = 8 << 20;
  std::string web_dir;            // static files served at / (empty: none)
  size_t worker_threads = 2;      // run login verification and RunOn::kWorker routes
  size_t max_queued_jobs = 1000;  // beyond this, logins are refused and worker routes get 503
};

// The outcome of verifying an Authenticate's tokens on the I/O thread.
struct LoginCheck {
  std::optional<engine::Identity> identity;  // set when the tokens are valid
  std::string error;                         // else the RequestFailed message
};

struct ServerHooks {
  // Thread-safe: hands a session's input to the sequencer.
  std::function<void(engine::Inbound)> submit;
  // Verifies an Authenticate's tokens. Called on a worker thread, so it may block (fetch keys,
  // read a database) and must be thread-safe; the session reads nothing more until it returns.
  std::function<LoginCheck(const websocket_api::Authenticate&)> verify_login;
  // GET /healthz answers 200 when this returns true, 503 otherwise.
  std::function<bool()> healthy;
};

// What a handler may know about the connection a request came on.
struct HttpContext {
  std::string remote_address;  // the peer's IP address without port ("" if unknown)
};

// A handler for one HTTP route. Must be thread-safe: it is called concurrently for requests
// on different connections.
using HttpHandler = std::function<HttpResponse(const HttpRequest&)>;
using HttpContextHandler = std::function<HttpResponse(const HttpRequest&, const HttpContext&)>;

// Where a route's handler runs. kIoThread handlers must not block for long; kWorker handlers
// run on the server's worker pool and may (hash a password, wait on SQLite): the connection
// waits for the answer, which is written back on the connection's own thread.
enum class RunOn { kIoThread, kWorker };

class Server {
 public:
  Server(ServerOptions options, ServerHooks hooks);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Exact-path routes (method and target path without query), checked before static files.
  void add_route(http::verb method, std::string path, HttpHandler handler);
  void add_route(http::verb method, std::string path, HttpContextHandler handler,
                 RunOn run_on = RunOn::kIoThread);
  // Prefix routes, e.g. "/api/images/".
  void add_prefix_route(http::verb method, std::string prefix, HttpHandler handler);
  void add_prefix_route(http::verb method, std::string prefix, HttpContextHandler handler,
                        RunOn run_on = RunOn::kIoThread);

  // Binds and starts the I/O threads; returns the bound port.
  uint16_t start();
  // Thread-safe: applies an outbox on every I/O thread, in the order outboxes are given.
  void deliver(std::shared_ptr<const engine::Outbox> outbox);
  // Stops accepting, closes every session (going-away), joins the I/O threads.
  void stop();

  // Counters for health and metrics.
  size_t session_count() const;

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace exchange::net
