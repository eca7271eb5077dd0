#pragma once
// One WebSocket connection at /api: reads ClientMessages, writes ServerMessages.

#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/websocket/stream.hpp>

#include <chrono>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "client_message.pb.h"
#include "messaging/outbox.h"
#include "messaging/session_id.h"
#include "net/connection_limits.h"
#include "net/session_stream.h"
#include "net/outbound_queue.h"
#include "net/session_env.h"

namespace exchange::net {

namespace websocket = boost::beast::websocket;

// Lives on one I/O thread; every method is called there. Guarantees:
// - before login, only an Authenticate with verified tokens reaches the sequencer (as kLogin);
//   everything else is answered here with RequestFailed (protocol.md 1.2, 5.8);
// - tokens are verified on the server's worker pool, never on the I/O thread;
// - no frame is read while a login is being verified or pending, or while
//   max_requests_in_flight requests are unanswered;
// - frames are written in the order given, one at a time; holding more than
//   max_outbound_queue_bytes of live frames (or max_bulk_queue_bytes of snapshot frames)
//   closes the connection (1008, slow consumer), and so does a write that makes no progress
//   for write_stall_timeout;
// - a connection that has not logged in within login_timeout, or that sent
//   max_refusals_before_login refused frames before logging in, is closed (1008);
// - once open, the sequencer gets exactly one kClosed, and the hub forgets the session, however
//   the connection ends; a close that does not complete in time drops the socket.
class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(boost::beast::tcp_stream stream, SessionEnv env, std::string remote,
          ConnectionLimits::Slot slot = {});
  ~Session();
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  // Completes the WebSocket handshake for `request`, then registers with the hub and reads.
  // The connection belongs to `cohort` for its whole life.
  void accept(HttpRequest request, messaging::CohortId cohort);

  messaging::SessionId id() const { return id_; }
  messaging::CohortId cohort() const { return cohort_; }
  bool logged_in() const { return login_ == Login::kLoggedIn; }

  // Queues a frame (dropped once closing); `bulk` frames belong to a snapshot or re-send.
  void send(Frame frame, bool bulk = false);
  // A SessionControl from the sequencer for this session.
  void apply(const messaging::SessionControl& control);
  // Server shutdown: drops queued frames and closes with going_away.
  void close_going_away(const std::string& reason);
  // Ends the session without further I/O (its I/O thread has stopped).
  void abandon();

 private:
  // The connection's life. It only moves forwards (the order of the values matters):
  //   kHandshaking -> kOpen       the WebSocket handshake succeeded: registered with the hub
  //                               (and so known to the sequencer); a failed handshake simply
  //                               lets the session go, nobody having heard of it
  //   kOpen -> kClosing           the server decided to close (request_close): frames queued
  //                               before are flushed or dropped, nothing new is queued or read
  //                               in as input
  //   kClosing -> kCloseSent      the queue is empty and no write runs: the close frame is
  //                               being written (or the stream is gone already)
  //   kOpen | kClosing | kCloseSent -> kFinished
  //                               finish(): the socket is closed, the hub and the sequencer
  //                               (one kClosed) told; nothing happens afterwards
  enum class Lifecycle { kHandshaking, kOpen, kClosing, kCloseSent, kFinished };
  // Where the login stands. Independent of the lifecycle: the sequencer may answer a login
  // while the connection closes, and reads, which go on while closing so as to see the
  // client's close frame, stay paused while a login is verified or pending.
  enum class Login { kAwaitingLogin, kVerifying, kLoginPending, kLoggedIn };

  // The server closes or closed the connection, or it ended otherwise: no more input or output.
  bool closing_or_done() const { return lifecycle_ >= Lifecycle::kClosing; }

  void on_accept(boost::beast::error_code ec);
  void read_next();
  void on_read(boost::beast::error_code ec);
  void handle_frame();
  void handle_login(websocket_api::ClientMessage message);
  void on_login_checked(websocket_api::ClientMessage message, LoginCheck check);
  void refuse(std::string_view kind, std::string_view message, std::string_view request_id);

  void write_next();
  void on_write(boost::beast::error_code ec);

  // Closes with `reason`; `flush` first writes the frames already queued.
  void request_close(websocket::close_reason reason, bool flush);
  void start_close_if_ready();
  void on_close(boost::beast::error_code ec);
  void on_close_timeout();
  std::string server_close_text() const;  // "closed by server (code N: reason)"
  // Runs periodically: enforces the login deadline and the write-stall deadline.
  void arm_watchdog();
  void on_watchdog();
  void finish(std::string_view why);

  websocket::stream<SessionStream> ws_;
  SessionEnv env_;
  messaging::CohortId cohort_ = 0;
  messaging::SessionId id_;
  std::string remote_;
  std::optional<HttpRequest> upgrade_request_;  // kept alive for the handshake
  boost::beast::flat_buffer read_buffer_;
  boost::asio::steady_timer close_timer_;
  boost::asio::steady_timer watchdog_;
  OutboundQueue outbound_;
  ConnectionLimits::Slot slot_;
  std::chrono::steady_clock::time_point opened_at_;
  std::chrono::steady_clock::time_point write_started_at_;
  size_t refusals_before_login_ = 0;

  Lifecycle lifecycle_ = Lifecycle::kHandshaking;
  Login login_ = Login::kAwaitingLogin;
  size_t in_flight_ = 0;  // requests submitted and not yet answered
  // An asynchronous read or write is outstanding. Beast allows one of each at a time, in any
  // state of the lifecycle, so these are not part of it.
  bool reading_ = false;
  bool writing_ = false;
  websocket::close_reason close_reason_;  // set on leaving kOpen through request_close
};

}  // namespace exchange::net
