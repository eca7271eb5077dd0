#include "net/server.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <exception>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <thread>
#include <utility>
#include <vector>

#include "net/connection_limits.h"
#include "net/http_handler.h"
#include "net/http_session.h"
#include "net/hub.h"
#include "net/worker_pool.h"

namespace exchange::net {
namespace {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

// How long stop() lets sessions finish their close handshakes before dropping them.
constexpr std::chrono::seconds kStopGrace{1};
// Pause before accepting again after an accept error (e.g. out of file descriptors): doubles
// from the first to the last while errors repeat, so a server at its descriptor limit neither
// spins nor floods its log.
constexpr std::chrono::milliseconds kFirstAcceptRetryDelay{10};
constexpr std::chrono::milliseconds kLastAcceptRetryDelay{1000};
// Repeated accept errors and refused connections are logged at most this often.
constexpr std::chrono::seconds kRepeatedLogInterval{10};

constexpr const char* kShutdownReason = "server shutting down";

// Runs `ioc` until stopped; an exception escaping a handler is logged, not fatal.
void run_io(asio::io_context& ioc) {
  for (;;) {
    try {
      ioc.run();
      return;
    } catch (const std::exception& e) {
      spdlog::warn("net: unhandled exception on I/O thread: {}", e.what());
    }
  }
}

// Sessions report to hooks.metrics without checking for it.
ServerHooks with_metrics(ServerHooks hooks) {
  if (!hooks.metrics) hooks.metrics = std::make_shared<metrics::NoConnectionMetrics>();
  return hooks;
}

}  // namespace

class Server::Impl {
 public:
  Impl(ServerOptions options, ServerHooks hooks)
      : options_(std::move(options)),
        hooks_(with_metrics(std::move(hooks))),
        router_(hooks_.healthy, options_.web_dir),
        limits_(options_.max_connections, options_.max_connections_per_address) {}

  ~Impl() { stop(); }

  uint16_t start();
  void deliver(std::shared_ptr<const messaging::Outbox> outbox);
  void stop();

  ServerOptions options_;
  ServerHooks hooks_;
  HttpRouter router_;
  std::atomic<size_t> session_count_{0};
  std::atomic<size_t> queued_bytes_{0};
  ConnectionLimits limits_;

 private:
  // One io_context and the one thread that runs it; the hub is declared first so that it
  // outlives the io_context (sessions destroyed with pending handlers still find it).
  struct IoThread {
    explicit IoThread(std::atomic<size_t>& session_count)
        : hub(session_count),
          ioc(std::make_unique<asio::io_context>(1)),
          work(asio::make_work_guard(*ioc)) {}
    Hub hub;
    std::unique_ptr<asio::io_context> ioc;
    std::optional<asio::executor_work_guard<asio::io_context::executor_type>> work;
    std::thread thread;
  };

  enum class State { kIdle, kRunning, kStopped };

  void accept_next();
  void on_accept_error(const boost::system::error_code& ec);
  // A slot for a new connection from `socket`'s peer, or nullopt (the caller drops it).
  std::optional<ConnectionLimits::Slot> admit(const tcp::socket& socket);
  SessionEnv env_for(IoThread& io) {
    return SessionEnv{&options_,       &hooks_,         &router_,      &io.hub,
                      workers_.get(), hashing_.get(), &queued_bytes_};
  }

  std::vector<std::unique_ptr<IoThread>> threads_;
  std::unique_ptr<WorkerPool> workers_;
  std::unique_ptr<WorkerPool> hashing_;
  // Live on threads_[0]; used only by that thread.
  std::unique_ptr<tcp::acceptor> acceptor_;
  std::unique_ptr<asio::steady_timer> accept_retry_;
  std::chrono::milliseconds accept_retry_delay_{kFirstAcceptRetryDelay};
  size_t accept_errors_unlogged_ = 0;
  size_t refusals_unlogged_ = 0;
  std::chrono::steady_clock::time_point last_accept_log_{};
  std::chrono::steady_clock::time_point last_refusal_log_{};
  size_t next_thread_ = 0;

  std::mutex mutex_;  // orders deliver() against start() and stop()
  State state_ = State::kIdle;
};

uint16_t Server::Impl::start() {
  std::lock_guard lock(mutex_);
  if (state_ != State::kIdle) throw std::logic_error("Server::start called twice");
  if (!options_.web_dir.empty() && !std::filesystem::is_directory(options_.web_dir)) {
    spdlog::warn("net: web dir {} is not a directory; the web app will answer 404",
                 options_.web_dir);
  }
  const int count = std::max(1, options_.io_threads);
  for (int i = 0; i < count; ++i) threads_.push_back(std::make_unique<IoThread>(session_count_));
  workers_ = std::make_unique<WorkerPool>(options_.worker_threads, options_.max_queued_jobs);
  hashing_ = std::make_unique<WorkerPool>(std::max<size_t>(1, options_.hashing_threads),
                                          options_.max_queued_hashes);
  asio::io_context& first = *threads_.front()->ioc;
  try {
    tcp::endpoint endpoint{asio::ip::make_address(options_.address), options_.port};
    acceptor_ = std::make_unique<tcp::acceptor>(first);
    acceptor_->open(endpoint.protocol());
    acceptor_->set_option(asio::socket_base::reuse_address(true));
    acceptor_->bind(endpoint);
    acceptor_->listen(asio::socket_base::max_listen_connections);
  } catch (...) {
    acceptor_.reset();
    workers_.reset();
    hashing_.reset();
    threads_.clear();
    throw;
  }
  accept_retry_ = std::make_unique<asio::steady_timer>(first);
  const uint16_t port = acceptor_->local_endpoint().port();
  accept_next();
  for (auto& io : threads_) {
    io->thread = std::thread([ioc = io->ioc.get()] { run_io(*ioc); });
  }
  state_ = State::kRunning;
  spdlog::info("net: listening on {}:{} with {} I/O threads", options_.address, port, count);
  return port;
}

void Server::Impl::accept_next() {
  if (!acceptor_->is_open()) return;  // stopping
  IoThread& target = *threads_[next_thread_];
  next_thread_ = (next_thread_ + 1) % threads_.size();
  // The new socket belongs to the target's io_context; the session starts on that thread.
  acceptor_->async_accept(
      *target.ioc, [this, &target](boost::system::error_code ec, tcp::socket socket) {
        if (ec == asio::error::operation_aborted) return;  // acceptor closed
        if (ec) {
          on_accept_error(ec);
          return;
        }
        accept_retry_delay_ = kFirstAcceptRetryDelay;
        if (std::optional<ConnectionLimits::Slot> slot = admit(socket)) {
          asio::post(*target.ioc, [env = env_for(target), socket = std::move(socket),
                                   slot = std::move(*slot)]() mutable {
            start_http_session(std::move(socket), env, std::move(slot));
          });
        }  // else the socket closes here: its peer sees the connection end at once
        accept_next();
      });
}

std::optional<ConnectionLimits::Slot> Server::Impl::admit(const tcp::socket& socket) {
  boost::system::error_code ec;
  const tcp::endpoint peer = socket.remote_endpoint(ec);
  const std::string address = ec ? std::string() : peer.address().to_string();
  std::optional<ConnectionLimits::Slot> slot = limits_.try_acquire(address);
  if (slot) return slot;
  ++refusals_unlogged_;
  const auto now = std::chrono::steady_clock::now();
  if (now - last_refusal_log_ >= kRepeatedLogInterval) {
    spdlog::warn("net: connection limit reached ({} open, {} from {}); refused {} connection(s)",
                 limits_.total(), limits_.for_address(address), address, refusals_unlogged_);
    refusals_unlogged_ = 0;
    last_refusal_log_ = now;
  }
  return std::nullopt;
}

void Server::Impl::on_accept_error(const boost::system::error_code& ec) {
  ++accept_errors_unlogged_;
  const auto now = std::chrono::steady_clock::now();
  if (now - last_accept_log_ >= kRepeatedLogInterval) {
    spdlog::warn("net: accept failed ({} time(s) since the last report): {}",
                 accept_errors_unlogged_, ec.message());
    accept_errors_unlogged_ = 0;
    last_accept_log_ = now;
  }
  accept_retry_->expires_after(accept_retry_delay_);
  accept_retry_delay_ = std::min(accept_retry_delay_ * 2, kLastAcceptRetryDelay);
  accept_retry_->async_wait([this](boost::system::error_code wait_ec) {
    if (!wait_ec && acceptor_->is_open()) accept_next();
  });
}

void Server::Impl::deliver(std::shared_ptr<const messaging::Outbox> outbox) {
  if (!outbox) return;
  std::lock_guard lock(mutex_);
  if (state_ != State::kRunning) return;
  for (auto& io : threads_) {
    asio::post(*io->ioc, [hub = &io->hub, outbox] { hub->apply(*outbox); });
  }
}

void Server::Impl::stop() {
  {
    std::lock_guard lock(mutex_);
    State previous = std::exchange(state_, State::kStopped);
    if (previous != State::kRunning) return;
  }
  // From here on deliver() no longer touches threads_.
  asio::post(*threads_.front()->ioc, [this] {
    boost::system::error_code ignored;
    acceptor_->close(ignored);
    accept_retry_->cancel();
  });
  for (auto& io : threads_) {
    asio::post(*io->ioc, [hub = &io->hub] { hub->close_all(kShutdownReason); });
  }
  const auto deadline = std::chrono::steady_clock::now() + kStopGrace;
  while (session_count_.load() > 0 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  for (auto& io : threads_) io->ioc->stop();
  for (auto& io : threads_) io->thread.join();
  // A job still running may post its answer to a stopped io_context, which is harmless; none
  // may post to a destroyed one, so the pool stops first.
  workers_->stop();
  hashing_->stop();
  // Sessions that did not finish in time still owe the sequencer their kClosed.
  for (auto& io : threads_) io->hub.abandon_all();
  accept_retry_.reset();
  acceptor_.reset();
  // Destroying an io_context destroys its pending handlers and with them the connections.
  for (auto& io : threads_) {
    io->work.reset();
    io->ioc.reset();
  }
  spdlog::info("net: stopped");
}

Server::Server(ServerOptions options, ServerHooks hooks)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(hooks))) {}

Server::~Server() = default;

void Server::add_route(http::verb method, std::string path, HttpHandler handler) {
  impl_->router_.add_route(method, std::move(path), std::move(handler));
}

void Server::add_route(http::verb method, std::string path, HttpContextHandler handler,
                       RunOn run_on) {
  impl_->router_.add_route(method, std::move(path), std::move(handler), run_on);
}

void Server::add_prefix_route(http::verb method, std::string prefix, HttpHandler handler) {
  impl_->router_.add_prefix_route(method, std::move(prefix), std::move(handler));
}

void Server::add_prefix_route(http::verb method, std::string prefix, HttpContextHandler handler,
                              RunOn run_on) {
  impl_->router_.add_prefix_route(method, std::move(prefix), std::move(handler), run_on);
}

uint16_t Server::start() {
  return impl_->start();
}

void Server::deliver(std::shared_ptr<const messaging::Outbox> outbox) {
  impl_->deliver(std::move(outbox));
}

void Server::stop() {
  impl_->stop();
}

size_t Server::session_count() const {
  return impl_->session_count_.load();
}

size_t Server::connection_count() const {
  return impl_->limits_.total();
}

size_t Server::queued_bytes() const {
  return impl_->queued_bytes_.load();
}

}  // namespace exchange::net
