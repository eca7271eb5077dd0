#include "net/session.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <boost/asio/post.hpp>
#include <chrono>
#include <climits>
#include <exception>
#include <utility>

#include "client_message.pb.h"
#include "net/hub.h"
#include "messaging/request_failed.h"
#include "net/worker_pool.h"

namespace exchange::net {
namespace {

namespace beast = boost::beast;
namespace asio = boost::asio;

// How long a server-initiated close may take, including writing what precedes the close
// frame: Beast's own close timeout only starts once the close frame can be written, which
// never happens while a write to a client that does not read is stuck.
constexpr std::chrono::seconds kCloseTimeout{3};

// A close frame carries at most 123 bytes of reason.
constexpr size_t kMaxCloseReasonBytes = 123;

// Read buffer capacity kept between messages; one large message should not pin its size.
constexpr size_t kKeptReadBufferBytes = 64 << 10;

constexpr std::string_view kSlowConsumerReason = "slow consumer: outbound queue full";
constexpr std::string_view kStalledReason = "slow consumer: not reading";
constexpr std::string_view kServerFullReason = "slow consumer: server send queues full";
// Over the server's total, a session holding more than this fraction of it is let go.
constexpr size_t kFairShareDivisor = 64;
constexpr std::string_view kLoginTimeoutReason = "Authenticate not received in time";
constexpr std::string_view kTooManyRefusalsReason = "too many invalid messages before login";

// How often the watchdog looks, as a fraction of the shortest deadline it enforces.
constexpr int kWatchdogChecksPerDeadline = 4;
constexpr std::chrono::milliseconds kMinWatchdogPeriod{50};

messaging::SessionId next_session_id() {
  static std::atomic<messaging::SessionId> next{1};
  return next.fetch_add(1, std::memory_order_relaxed);
}

// Truncates to the close frame limit without splitting a UTF-8 sequence.
std::string close_reason_text(std::string_view reason) {
  if (reason.size() <= kMaxCloseReasonBytes) return std::string(reason);
  size_t end = kMaxCloseReasonBytes;
  while (end > 0 && (static_cast<unsigned char>(reason[end]) & 0xC0) == 0x80) --end;
  return std::string(reason.substr(0, end));
}

// "code 1008: slow consumer: outbound queue full", for the disconnect's log line.
std::string close_text(const websocket::close_reason& reason) {
  std::string text = "code " + std::to_string(reason.code);
  if (!reason.reason.empty()) text += ": " + std::string(reason.reason.data(), reason.reason.size());
  return text;
}

}  // namespace

Session::Session(beast::tcp_stream stream, SessionEnv env, std::string remote,
                 ConnectionLimits::Slot slot)
    : ws_(std::move(stream)),
      env_(env),
      id_(next_session_id()),
      remote_(std::move(remote)),
      close_timer_(ws_.get_executor()),
      watchdog_(ws_.get_executor()),
      outbound_(env.options->max_outbound_queue_bytes, env.options->max_bulk_queue_bytes,
                env.queued_bytes),
      slot_(std::move(slot)),
      opened_at_(std::chrono::steady_clock::now()) {}

Session::~Session() = default;

void Session::accept(HttpRequest request, messaging::CohortId cohort) {
  cohort_ = cohort;
  ws_.set_option(websocket::stream_base::timeout::suggested(beast::role_type::server));
  ws_.read_message_max(env_.options->max_inbound_message_bytes);
  ws_.auto_fragment(false);  // protocol.md 1.1: each message is one unfragmented frame
  ws_.binary(true);
  upgrade_request_ = std::move(request);
  ws_.async_accept(*upgrade_request_,
                   [self = shared_from_this()](beast::error_code ec) { self->on_accept(ec); });
}

void Session::on_accept(beast::error_code ec) {
  upgrade_request_.reset();
  if (ec) {
    spdlog::debug("session {} from {}: handshake failed: {}", id_, remote_, ec.message());
    return;
  }
  lifecycle_ = Lifecycle::kOpen;
  env_.hub->add(shared_from_this());
  env_.hooks->metrics->session_opened(cohort_);
  spdlog::debug("session {} open from {}", id_, remote_);
  opened_at_ = std::chrono::steady_clock::now();
  arm_watchdog();
  read_next();
}

void Session::read_next() {
  // Reads go on while closing: the client's close frame arrives through them.
  if (reading_ || lifecycle_ == Lifecycle::kHandshaking || lifecycle_ == Lifecycle::kFinished) {
    return;
  }
  if (login_ == Login::kVerifying || login_ == Login::kLoginPending) return;
  if (in_flight_ >= std::max<size_t>(1, env_.options->max_requests_in_flight)) return;
  reading_ = true;
  ws_.async_read(read_buffer_,
                 [self = shared_from_this()](beast::error_code ec, size_t) { self->on_read(ec); });
}

void Session::on_read(beast::error_code ec) {
  reading_ = false;
  if (ec) {
    if (closing_or_done()) {
      finish(server_close_text());
    } else if (ec == websocket::error::closed) {
      finish("closed by client (" + close_text(ws_.reason()) + ")");
    } else {
      finish(ec.message());
    }
    return;
  }
  // Input that arrives while the server closes the connection is ignored.
  if (!closing_or_done()) handle_frame();
  read_buffer_.consume(read_buffer_.size());
  if (read_buffer_.capacity() > kKeptReadBufferBytes) read_buffer_.shrink_to_fit();
  read_next();
}

void Session::handle_frame() {
  const bool before_login = login_ != Login::kLoggedIn;
  if (!ws_.got_binary()) {
    refuse("Unknown", "Expected Binary message", {});
    return;
  }
  auto bytes = read_buffer_.cdata();
  websocket_api::ClientMessage message;
  bool parsed = bytes.size() <= INT_MAX &&
                message.ParseFromArray(bytes.data(), static_cast<int>(bytes.size())) &&
                message.message_case() != websocket_api::ClientMessage::MESSAGE_NOT_SET;
  if (before_login) {
    if (!parsed || !message.has_authenticate()) {
      refuse("Unknown", "Expected Authenticate message", {});
      return;
    }
    handle_login(std::move(message));
    return;
  }
  if (!parsed) {
    refuse("Unknown", "Expected Client message", {});
    return;
  }
  ++in_flight_;
  messaging::Inbound inbound;
  inbound.kind = messaging::Inbound::Kind::kRequest;
  inbound.cohort = cohort_;
  inbound.session = id_;
  inbound.message = std::move(message);
  env_.hooks->submit(std::move(inbound));
}

void Session::handle_login(websocket_api::ClientMessage message) {
  // Reads stay paused until the tokens are checked (and, if valid, until the sequencer
  // answers kLoggedIn or kLoginFailed).
  login_ = Login::kVerifying;
  auto executor = ws_.get_executor();
  auto request = std::make_shared<websocket_api::ClientMessage>(std::move(message));
  const bool queued = env_.workers->post([self = shared_from_this(), executor, request] {
    LoginCheck check;
    try {
      check = self->env_.hooks->verify_login(self->cohort_, request->authenticate());
    } catch (const std::exception& e) {
      spdlog::warn("session {}: verify_login threw: {}", self->id_, e.what());
      check.error = "Authentication failed";
    }
    asio::post(executor, [self, request, check = std::move(check)]() mutable {
      self->on_login_checked(std::move(*request), std::move(check));
    });
  });
  if (!queued) {  // overloaded: the client may retry
    on_login_checked(std::move(*request), LoginCheck{std::nullopt, "Server busy"});
  }
}

void Session::on_login_checked(websocket_api::ClientMessage message, LoginCheck check) {
  // A connection that ended meanwhile has told the sequencer kClosed already.
  if (closing_or_done()) return;
  if (!check.identity) {
    login_ = Login::kAwaitingLogin;
    refuse("Authenticate", check.error, message.request_id());
    read_next();
    return;
  }
  login_ = Login::kLoginPending;
  messaging::Inbound inbound;
  inbound.kind = messaging::Inbound::Kind::kLogin;
  inbound.cohort = cohort_;
  inbound.session = id_;
  inbound.message = std::move(message);
  inbound.identity = std::move(*check.identity);
  env_.hooks->submit(std::move(inbound));
}

void Session::refuse(std::string_view kind, std::string_view message, std::string_view request_id) {
  spdlog::debug("session {}: refused frame: {}", id_, message);
  send(messaging::request_failed_frame(kind, message, request_id));
  // Before login nobody is accountable for the traffic: a few mistakes are answered, a stream
  // of them ends the connection (regression: issue 13, item 5).
  if (login_ != Login::kLoggedIn &&
      ++refusals_before_login_ >= env_.options->max_refusals_before_login) {
    request_close({websocket::close_code::policy_error, std::string(kTooManyRefusalsReason)},
                  /*flush=*/true);
  }
}

void Session::send(Frame frame, bool bulk) {
  if (closing_or_done() || !frame) return;
  if (!outbound_.try_push(std::move(frame), bulk)) {
    spdlog::info("session {} from {}: slow consumer, {} bytes queued; closing", id_, remote_,
                 outbound_.bytes());
    env_.hooks->metrics->slow_consumer(cohort_, metrics::SlowConsumer::kQueueFull);
    request_close({websocket::close_code::policy_error, std::string(kSlowConsumerReason)},
                  /*flush=*/false);
    return;
  }
  const size_t server_limit = env_.options->max_total_queue_bytes;
  if (env_.queued_bytes != nullptr && env_.queued_bytes->load(std::memory_order_relaxed) > server_limit &&
      outbound_.bytes() > server_limit / kFairShareDivisor) {
    spdlog::info("session {} from {}: slow consumer, {} bytes queued while the server is full; "
                 "closing", id_, remote_, outbound_.bytes());
    env_.hooks->metrics->slow_consumer(cohort_, metrics::SlowConsumer::kServerFull);
    request_close({websocket::close_code::policy_error, std::string(kServerFullReason)},
                  /*flush=*/false);
    return;
  }
  write_next();
}

void Session::apply(const messaging::SessionControl& control) {
  using Kind = messaging::SessionControl::Kind;
  switch (control.kind) {
    case Kind::kLoggedIn:
      login_ = Login::kLoggedIn;
      break;
    case Kind::kLoginFailed:
      if (login_ == Login::kLoginPending) login_ = Login::kAwaitingLogin;
      break;
    case Kind::kProcessed:
      in_flight_ -= std::min<size_t>(in_flight_, control.count);
      break;
    case Kind::kClose:
      request_close({websocket::close_code::policy_error, close_reason_text(control.reason)},
                    /*flush=*/true);
      return;
  }
  read_next();
}

void Session::close_going_away(const std::string& reason) {
  request_close({websocket::close_code::going_away, close_reason_text(reason)}, /*flush=*/false);
}

void Session::write_next() {
  if (writing_ || lifecycle_ == Lifecycle::kFinished) return;
  SessionStream& stream = ws_.next_layer();
  while (!outbound_.empty()) {
    if (!ws_.is_open()) {  // failed, or the client's close was answered: nothing may follow
      outbound_.clear();
      break;
    }
    if (!stream.has_room()) {
      // Wait for the socket. Frames stay queued and counted: a peer that stops reading fills
      // the bounded queue, and the watchdog sees a write that makes no progress.
      writing_ = true;
      write_started_at_ = std::chrono::steady_clock::now();
      stream.when_room([self = shared_from_this()](beast::error_code ec, size_t) {
        self->on_write(ec);
      });
      return;
    }
    const bool staged = stream.append_message(*outbound_.take());
    outbound_.written();
    if (!staged) return finish("write failed");
  }
  start_close_if_ready();
}

void Session::on_write(beast::error_code ec) {
  writing_ = false;
  if (ec) {
    finish("write failed: " + ec.message());
    return;
  }
  write_next();
}

void Session::request_close(websocket::close_reason reason, bool flush) {
  if (lifecycle_ != Lifecycle::kOpen) return;
  lifecycle_ = Lifecycle::kClosing;
  close_reason_ = std::move(reason);
  if (!flush) outbound_.clear();
  close_timer_.expires_after(kCloseTimeout);
  close_timer_.async_wait([self = shared_from_this()](beast::error_code ec) {
    if (ec != asio::error::operation_aborted) self->on_close_timeout();
  });
  start_close_if_ready();
}

void Session::start_close_if_ready() {
  if (lifecycle_ != Lifecycle::kClosing) return;
  if (writing_ || !outbound_.empty()) return;
  lifecycle_ = Lifecycle::kCloseSent;
  // Not open: the client is closing already or the stream failed; a pending read or the
  // close timer finishes the session.
  if (!ws_.is_open()) return;
  ws_.async_close(close_reason_,
                  [self = shared_from_this()](beast::error_code ec) { self->on_close(ec); });
}

void Session::on_close(beast::error_code ec) {
  finish(ec ? "server close: " + ec.message() : server_close_text());
}

void Session::on_close_timeout() {
  finish("close timed out after " + server_close_text());
}

std::string Session::server_close_text() const {
  return "closed by server (" + close_text(close_reason_) + ")";
}

void Session::arm_watchdog() {
  const auto shortest = std::min(env_.options->login_timeout, env_.options->write_stall_timeout);
  const auto period = std::max(kMinWatchdogPeriod, shortest / kWatchdogChecksPerDeadline);
  watchdog_.expires_after(period);
  watchdog_.async_wait([self = shared_from_this()](beast::error_code ec) {
    if (ec != asio::error::operation_aborted) self->on_watchdog();
  });
}

void Session::on_watchdog() {
  if (closing_or_done()) return;
  const auto now = std::chrono::steady_clock::now();
  if (login_ != Login::kLoggedIn && now - opened_at_ >= env_.options->login_timeout) {
    spdlog::info("session {} from {}: no login in time; closing", id_, remote_);
    request_close({websocket::close_code::policy_error, std::string(kLoginTimeoutReason)},
                  /*flush=*/true);
    return;
  }
  if (writing_ && now - write_started_at_ >= env_.options->write_stall_timeout) {
    spdlog::info("session {} from {}: slow consumer, no write progress, {} bytes queued; closing",
                 id_, remote_, outbound_.bytes());
    env_.hooks->metrics->slow_consumer(cohort_, metrics::SlowConsumer::kNotReading);
    request_close({websocket::close_code::policy_error, std::string(kStalledReason)},
                  /*flush=*/false);
    return;
  }
  arm_watchdog();
}

void Session::abandon() {
  finish("server stopped");
}

void Session::finish(std::string_view why) {
  if (lifecycle_ == Lifecycle::kFinished) return;
  const bool registered = lifecycle_ != Lifecycle::kHandshaking;
  lifecycle_ = Lifecycle::kFinished;
  outbound_.clear();
  close_timer_.cancel();
  watchdog_.cancel();
  // Whatever ended the connection, the socket goes now: pending operations complete at once
  // and release the session.
  beast::get_lowest_layer(ws_).close();
  if (!registered) return;
  // One line per disconnect, with its reason, for the operator (issue 20).
  spdlog::info("session {} from {} in cohort {} closed: {}", id_, remote_, cohort_, why);
  env_.hub->remove(id_);
  env_.hooks->metrics->session_closed(cohort_);
  messaging::Inbound closed;
  closed.kind = messaging::Inbound::Kind::kClosed;
  closed.cohort = cohort_;
  closed.session = id_;
  env_.hooks->submit(std::move(closed));
}

}  // namespace exchange::net
