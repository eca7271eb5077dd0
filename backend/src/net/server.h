#pragma once
// HTTP and WebSocket on one port (Boost.Beast). WebSocket upgrades at /api carry the protocol:
// one binary frame per protobuf message. Plain HTTP requests go to registered routes, then to
// the static web app. Each I/O thread runs its own io_context; a session lives on one thread
// for its whole life, so session state needs no locks.

#include <boost/beast/http.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "messaging/inbound.h"
#include "messaging/outbox.h"
#include "metrics/connection_sink.h"

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
  // Snapshot and re-send frames (Delivery::bulk) have their own allowance: a classroom's state
  // can be larger than the live limit, and a client that keeps reading must still log in.
  size_t max_bulk_queue_bytes = 512 << 20;
  // What the send queues of all connections together may hold. Past it, a connection that
  // holds more than a 64th of it is closed as a slow consumer when it is sent more, so that
  // many connections that do not read cannot together exhaust the server's memory, while
  // clients that keep up (and so hold little) are never touched.
  size_t max_total_queue_bytes = size_t{2} << 30;
  // A write that makes no progress for this long means the client stopped reading: closed as a
  // slow consumer even within the limits, so a snapshot cannot be parked in memory.
  std::chrono::milliseconds write_stall_timeout{60'000};
  // A WebSocket that has not logged in by then is closed (1008); so is one that sent this many
  // refused frames before logging in.
  std::chrono::milliseconds login_timeout{20'000};
  size_t max_refusals_before_login = 10;
  // Open TCP connections (HTTP and WebSocket): in all, and per client address. The per-address
  // default fits a classroom behind one NAT (a browser and a few bots per student).
  size_t max_connections = 10'000;
  size_t max_connections_per_address = 256;
  size_t max_requests_in_flight = 1000;        // per session: stop reading above this
  size_t max_http_body_bytes = 8 << 20;
  std::string web_dir;            // static files served at / (empty: none)
  size_t worker_threads = 2;      // run login verification and RunOn::kWorker routes
  size_t max_queued_jobs = 1000;  // beyond this, logins are refused and worker routes get 503
  // RunOn::kHashing routes (password hashing) get their own small pool, so that a flood of
  // registrations never delays the token checks of WebSocket logins on the worker pool.
  size_t hashing_threads = 1;
  size_t max_queued_hashes = 16;  // beyond this, kHashing routes get 503 "Server busy"
  // Plain HTTP connections: a connection with no request started within http_idle_timeout
  // (when new, or kept alive after an answer) is closed, and so is one whose request (headers
  // and body) is not complete within http_request_timeout of its first byte.
  std::chrono::milliseconds http_idle_timeout{30'000};
  std::chrono::milliseconds http_request_timeout{30'000};
  // Origins (space-separated) that web pages may fetch from besides their own, for their
  // Content-Security-Policy: the OIDC issuer's, whose token endpoint the PKCE login calls.
  std::string csp_connect_sources;
};

// The outcome of verifying an Authenticate's tokens on the I/O thread.
struct LoginCheck {
  std::optional<messaging::Identity> identity;  // set when the tokens are valid
  std::string error;                         // else the RequestFailed message
};

struct ServerHooks {
  // Thread-safe: hands a session's input to its cohort's sequencer (Inbound::cohort).
  std::function<void(messaging::Inbound)> submit;
  // Thread-safe: the cohort a WebSocket upgrade at /api/ws/<name> reaches ("" for the old
  // /api socket: the default cohort), or nullopt: 404 "Cohort not found". Unset: every socket
  // reaches cohort 0.
  std::function<std::optional<messaging::CohortId>(std::string_view name)> find_cohort;
  // Verifies an Authenticate's tokens and admits the person to the cohort. Called on a worker
  // thread, so it may block (fetch keys, read a database) and must be thread-safe; the
  // session reads nothing more until it returns.
  std::function<LoginCheck(messaging::CohortId, const websocket_api::Authenticate&)> verify_login;
  // GET /healthz answers 200 when this returns true, 503 otherwise.
  std::function<bool()> healthy;
  // Told of WebSocket sessions opening and closing and of slow consumers disconnected, from
  // the I/O threads. Unset: counted nowhere.
  std::shared_ptr<metrics::ConnectionSink> metrics;
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
// run on the server's worker pool and may (wait on SQLite, fetch keys): the connection waits
// for the answer, which is written back on the connection's own thread. kHashing is like
// kWorker on a separate, smaller pool, for deliberately expensive work (password hashing).
enum class RunOn { kIoThread, kWorker, kHashing };

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
  void deliver(std::shared_ptr<const messaging::Outbox> outbox);
  // Stops accepting, closes every session (going-away), joins the I/O threads.
  void stop();

  // Counters for health and metrics.
  size_t session_count() const;
  // Open TCP connections (HTTP and WebSocket) holding a slot of the connection limits.
  size_t connection_count() const;
  // What the send queues of all connections hold, in OutboundQueue's accounting.
  size_t queued_bytes() const;

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace exchange::net
