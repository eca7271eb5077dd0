#include "net/http_session.h"

#include <spdlog/spdlog.h>

#include <array>
#include <boost/asio/post.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket/rfc6455.hpp>
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <utility>

#include "net/http_handler.h"
#include "net/security_headers.h"
#include "net/session.h"
#include "net/worker_pool.h"

namespace exchange::net {
namespace {

namespace beast = boost::beast;
namespace asio = boost::asio;
using tcp = asio::ip::tcp;

// The idle and request timeouts are ServerOptions: operators and tests choose them.
constexpr std::chrono::seconds kWriteTimeout{60};
// The first read of a request: enough for the headers of most requests.
constexpr size_t kFirstReadBytes = 4096;
// After answering and shutting down our side, how long unread input is drained so the client
// gets the response instead of a reset.
constexpr std::chrono::seconds kDrainTimeout{2};

std::optional<tcp::endpoint> remote_endpoint(const tcp::socket& socket) {
  beast::error_code ec;
  tcp::endpoint endpoint = socket.remote_endpoint(ec);
  if (ec) return std::nullopt;
  return endpoint;
}

std::string describe(const std::optional<tcp::endpoint>& endpoint) {
  if (!endpoint) return "unknown";
  return endpoint->address().to_string() + ":" + std::to_string(endpoint->port());
}

HttpContext context_of(const std::optional<tcp::endpoint>& endpoint) {
  HttpContext context;
  if (endpoint) {
    boost::asio::ip::address address = endpoint->address();
    // An IPv4 client of a dual-stack socket is one client, however it is spelled.
    if (address.is_v6() && address.to_v6().is_v4_mapped()) {
      address = boost::asio::ip::make_address_v4(boost::asio::ip::v4_mapped, address.to_v6());
    }
    context.remote_address = address.to_string();
  }
  return context;
}

class HttpSession : public std::enable_shared_from_this<HttpSession> {
 public:
  HttpSession(tcp::socket socket, SessionEnv env, ConnectionLimits::Slot slot)
      : slot_(std::move(slot)),
        remote_(describe(remote_endpoint(socket))),
        context_(context_of(remote_endpoint(socket))),
        stream_(std::move(socket)),
        env_(env) {}

  void read_request() {
    parser_.emplace();
    parser_->body_limit(env_.options->max_http_body_bytes);
    // Bytes of a pipelined request are already here: the request has started.
    if (buffer_.size() > 0) {
      read_rest_of_request();
      return;
    }
    // Idle (new or kept alive) until the first byte; a connection that never sends one is
    // closed (the stream closes the socket when the deadline passes).
    stream_.expires_after(env_.options->http_idle_timeout);
    stream_.async_read_some(
        buffer_.prepare(kFirstReadBytes),
        [self = shared_from_this()](beast::error_code ec, size_t bytes) {
          self->buffer_.commit(bytes);
          if (ec == asio::error::eof) {
            self->stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
            return;
          }
          if (ec) return;
          self->read_rest_of_request();
        });
  }

 private:
  // One deadline for the whole request, headers and body: trickling bytes does not extend it,
  // so a slow or stalled client cannot hold the connection open.
  void read_rest_of_request() {
    stream_.expires_after(env_.options->http_request_timeout);
    http::async_read(
        stream_, buffer_, *parser_,
        [self = shared_from_this()](beast::error_code ec, size_t) { self->on_read(ec); });
  }

  void on_read(beast::error_code ec) {
    if (ec == http::error::end_of_stream) {
      stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
      return;
    }
    if (ec == http::error::body_limit) {
      respond_error(http::status::payload_too_large, "Request body too large");
      return;
    }
    if (ec) {
      // Malformed HTTP gets a 400; transport errors and timeouts just end the connection.
      if (ec.category() == beast::http::make_error_code(http::error::bad_target).category()) {
        respond_error(http::status::bad_request, "Bad request");
      }
      return;
    }
    const HttpRequest& request = parser_->get();
    HttpResponse response;
    if (websocket::is_upgrade(request)) {
      if (const std::optional<std::string> cohort_name = socket_cohort(request.target())) {
        const std::optional<messaging::CohortId> cohort =
            env_.hooks->find_cohort ? env_.hooks->find_cohort(*cohort_name)
                                    : std::optional<messaging::CohortId>(0);
        if (cohort) {
          upgrade(*cohort);
          return;
        }
        response = text_response(request, http::status::not_found, "Cohort not found");
      } else {
        response = text_response(request, http::status::not_found, "");
      }
    } else if (const RunOn run_on = env_.router->run_on(request); run_on != RunOn::kIoThread) {
      handle_on_worker(run_on == RunOn::kHashing ? *env_.hashing : *env_.workers);
      return;
    } else {
      response = env_.router->handle(request, context_);
    }
    answer(std::move(response));
  }

  void answer(HttpResponse response) {
    const HttpRequest& request = parser_->get();
    bool head = request.method() == http::verb::head;
    response.keep_alive(request.keep_alive());
    write(std::move(response), head);
  }

  // Nothing touches the connection until the answer is posted back: it neither reads nor
  // writes meanwhile, so the worker may read the request in parser_.
  void handle_on_worker(WorkerPool& pool) {
    auto executor = stream_.get_executor();
    const bool queued = pool.post([self = shared_from_this(), executor] {
      HttpResponse response = self->env_.router->handle(self->parser_->get(), self->context_);
      boost::asio::post(executor, [self, response = std::move(response)]() mutable {
        self->answer(std::move(response));
      });
    });
    if (!queued) {
      answer(text_response(parser_->get(), http::status::service_unavailable, "Server busy"));
    }
  }

  void upgrade(messaging::CohortId cohort) {
    stream_.expires_never();  // the WebSocket stream keeps its own timeouts
    auto session = std::make_shared<Session>(std::move(stream_), env_, std::move(remote_),
                                             std::move(slot_));
    session->accept(parser_->release(), cohort);
  }

  void respond_error(http::status status, std::string body) {
    HttpResponse response{status, 11};
    response.set(http::field::content_type, "text/plain; charset=utf-8");
    response.body() = std::move(body);
    response.keep_alive(false);
    write(std::move(response), false);
  }

  void write(HttpResponse response, bool head) {
    if (response[http::field::access_control_allow_origin].empty()) {
      response.set(http::field::access_control_allow_origin, "*");
    }
    // Before a HEAD body is dropped: an HTML page's policy hashes its inline scripts.
    add_security_headers(response, env_.options->csp_connect_sources);
    if (head) {
      // A HEAD answer states the length of the body it leaves out.
      if (!response.has_content_length()) response.content_length(response.body().size());
      response.body().clear();
    } else {
      response.prepare_payload();
    }
    response_ = std::move(response);
    stream_.expires_after(kWriteTimeout);
    http::async_write(
        stream_, *response_,
        [self = shared_from_this()](beast::error_code ec, size_t) { self->on_write(ec); });
  }

  void on_write(beast::error_code ec) {
    if (ec) return;
    bool close = response_->need_eof();
    response_.reset();
    if (close) {
      stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
      stream_.expires_after(kDrainTimeout);  // once: bounds the whole drain
      drain();
      return;
    }
    read_request();
  }

  void drain() {
    stream_.async_read_some(asio::buffer(drain_buffer_),
                            [self = shared_from_this()](beast::error_code ec, size_t) {
                              if (!ec) self->drain();
                            });
  }

  ConnectionLimits::Slot slot_;  // handed to the WebSocket session on upgrade
  std::string remote_;
  HttpContext context_;
  beast::tcp_stream stream_;
  SessionEnv env_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  std::optional<HttpResponse> response_;  // kept alive while written
  std::array<char, 4096> drain_buffer_;
};

}  // namespace

void start_http_session(tcp::socket socket, SessionEnv env, ConnectionLimits::Slot slot) {
  beast::error_code ec;
  socket.set_option(tcp::no_delay(true), ec);
  std::make_shared<HttpSession>(std::move(socket), env, std::move(slot))->read_request();
}

}  // namespace exchange::net
