#pragma once
// What the network layer reports for monitoring (issue 20): WebSocket sessions opening and
// closing, and slow consumers disconnected, each with the cohort the socket reached. app/
// implements it with prometheus-cpp. Standard library only.
//
// Contract for implementations: thread-safe (every I/O thread calls it) and cheap; called once
// per connection event, never per message.

#include <cstdint>

namespace exchange::metrics {

// Why a slow consumer was disconnected (net/session.cpp's close reasons).
enum class SlowConsumer : uint8_t {
  kQueueFull,   // its own send queue passed its limit
  kServerFull,  // the send queues of all connections together passed theirs
  kNotReading,  // a write made no progress for the write-stall timeout
};

class ConnectionSink {
 public:
  virtual ~ConnectionSink() = default;
  // `cohort`: the cohort id (messaging::CohortId) the WebSocket was routed to.
  virtual void session_opened(int64_t cohort) = 0;
  virtual void session_closed(int64_t cohort) = 0;
  virtual void slow_consumer(int64_t cohort, SlowConsumer why) = 0;
};

class NoConnectionMetrics final : public ConnectionSink {
 public:
  void session_opened(int64_t) override {}
  void session_closed(int64_t) override {}
  void slow_consumer(int64_t, SlowConsumer) override {}
};

inline ConnectionSink& no_connection_metrics() {
  static NoConnectionMetrics none;
  return none;
}

}  // namespace exchange::metrics
