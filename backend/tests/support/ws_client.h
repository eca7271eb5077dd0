#pragma once
// A WebSocket client for integration tests: connects to a real server over loopback, sends
// ClientMessages (or raw frames) and collects ServerMessages on a background thread.

#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "client_message.pb.h"
#include "server_message.pb.h"

namespace exchange::testing {

using websocket_api::ClientMessage;
using websocket_api::ServerMessage;
using namespace std::chrono_literals;

class WsClient {
 public:
  // Connects to ws://127.0.0.1:<port><path> (/api: the default cohort; /api/ws/<name>). With
  // read=false the client never reads (to play a slow consumer) until resume_reading().
  explicit WsClient(uint16_t port, bool read = true, const std::string& path = "/api");
  ~WsClient();
  WsClient(const WsClient&) = delete;
  WsClient& operator=(const WsClient&) = delete;

  void send(const ClientMessage& message);
  void send_raw(std::string bytes, bool binary);
  void resume_reading();

  // The next message; fails the test (throws) after the timeout.
  ServerMessage next(std::chrono::milliseconds timeout = 5s);
  // The first message that matches, which may have arrived after others; those stay queued
  // (throws on timeout).
  ServerMessage next_matching(const std::function<bool(const ServerMessage&)>& match,
                              std::chrono::milliseconds timeout = 5s);
  // Sends and waits for the first message carrying this request id (others stay queued).
  ServerMessage request(ClientMessage message, std::chrono::milliseconds timeout = 5s);

  // A fence on this session's message order, for "nothing else came" and "everything came"
  // assertions without waiting a fixed time. The server handles a session's requests in order
  // and sends a session's messages in order, so once the reply to a request sent now has
  // arrived, every message the server produced for this session before handling it has arrived
  // too. The fence request is an Authenticate on a logged-in session: always refused with
  // "Already authenticated" under a unique request id, it changes nothing and takes no
  // rate-limit unit. It is sent twice, the second time after the first reply: a reply can
  // precede messages of its own batch (PortfolioUpdated comes at the end of a batch), never
  // those of an earlier one. Not a fence for the replies that another thread sends (Orders,
  // Trades, MarketPositions). Only for logged-in sessions.
  //
  // Returns the messages that arrived before the fence, in order, taking them from the queue
  // (the fence replies are dropped, later messages stay queued). Throws when the connection
  // closes first or the reply takes longer than `timeout` (an upper bound, not a wait).
  std::vector<ServerMessage> fence(std::chrono::milliseconds timeout = 5s);
  // The same for a connection the server may have closed: nullopt when it closed first.
  std::optional<std::vector<ServerMessage>> fence_unless_closed(
      std::chrono::milliseconds timeout = 5s);
  // Takes every message until the server closes the connection, waiting at most `timeout`
  // (check closed() afterwards).
  std::vector<ServerMessage> until_closed(std::chrono::milliseconds timeout);

  // Authenticates with a test token and returns every message up to and including ActingAs.
  std::vector<ServerMessage> login(const std::string& token, int64_t act_as = 0);

  bool closed() const;
  // Close code and reason the server sent, once closed.
  std::pair<int, std::string> close_reason() const;

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

// "test::<subject>::<name>::<is_admin>"
std::string test_token(const std::string& name, bool admin = false);

}  // namespace exchange::testing
