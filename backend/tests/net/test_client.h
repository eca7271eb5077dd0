#pragma once
// Blocking WebSocket and HTTP clients for the net/ tests. Every call has a deadline, so a
// server bug fails a test instead of hanging it.

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "client_message.pb.h"
#include "net/server.h"
#include "server_message.pb.h"

namespace exchange::net::testing {

constexpr std::chrono::milliseconds kReadTimeout{5000};

struct ReceivedFrame {
  bool binary = false;
  std::string bytes;
};

class WsClient {
 public:
  // Connects to ws://127.0.0.1:port/api; a receive_buffer_bytes above 0 shrinks the socket's
  // receive buffer (to make a client that does not read back up quickly). Throws on failure.
  explicit WsClient(uint16_t port, int receive_buffer_bytes = 0);
  // Drops the TCP connection without a close handshake.
  ~WsClient();

  bool send_binary(std::string_view bytes);
  bool send_text(std::string_view text);
  bool send(const websocket_api::ClientMessage& message);
  bool ping();

  // The next message; nullopt once the connection has ended (or after a timeout, which also
  // ends it).
  std::optional<ReceivedFrame> read_frame(std::chrono::milliseconds timeout = kReadTimeout);
  // The next message decoded as a ServerMessage; nullopt if it is not a binary ServerMessage.
  std::optional<websocket_api::ServerMessage> read(
      std::chrono::milliseconds timeout = kReadTimeout);

  // Performs the closing handshake.
  bool close();

  // After the connection ended: the close frame the server sent (code 0 when none).
  uint16_t close_code() const { return close_code_; }
  const std::string& close_reason() const { return close_reason_; }
  bool timed_out() const { return timed_out_; }
  // After the connection ended: what ended it, for diagnostics.
  const std::string& error() const { return error_; }

 private:
  struct Io;
  std::unique_ptr<Io> io_;
  bool ended_ = false;
  bool timed_out_ = false;
  uint16_t close_code_ = 0;
  std::string close_reason_;
  std::string error_;
};

// One keep-alive HTTP connection.
class HttpClient {
 public:
  explicit HttpClient(uint16_t port);
  ~HttpClient();

  // Sends a request and reads its response; nullopt when the connection failed.
  std::optional<HttpResponse> request(http::verb method, std::string target, std::string body = {});
  // True when the server has closed the connection (checked without blocking long).
  bool closed_by_server();

 private:
  struct Io;
  std::unique_ptr<Io> io_;
};

// A single request on a fresh connection.
std::optional<HttpResponse> http_request(uint16_t port, http::verb method, std::string target,
                                         std::string body = {});

}  // namespace exchange::net::testing
