#pragma once
// One accepted TCP connection while it speaks HTTP: answers requests (keep-alive) until it
// closes or upgrades to a WebSocket session at /api.

#include <boost/asio/ip/tcp.hpp>

#include "net/connection_limits.h"
#include "net/session_env.h"

namespace exchange::net {

// Starts serving `socket`; must be called on the socket's I/O thread. The connection keeps
// itself alive until it ends or hands over to a Session.
void start_http_session(boost::asio::ip::tcp::socket socket, SessionEnv env,
                        ConnectionLimits::Slot slot);

}  // namespace exchange::net
