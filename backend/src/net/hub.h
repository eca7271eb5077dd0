#pragma once
// The WebSocket sessions of one I/O thread, addressed by id. Every method runs on that thread
// (or, after the thread has ended, on the thread stopping the server).

#include <atomic>
#include <cstddef>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "messaging/outbox.h"

namespace exchange::net {

class Session;

class Hub {
 public:
  // `session_count` is shared by all hubs of a server: the number of open sessions.
  explicit Hub(std::atomic<size_t>& session_count) : session_count_(session_count) {}
  Hub(const Hub&) = delete;
  Hub& operator=(const Hub&) = delete;

  // Holds the session until remove(): a session whose reads are paused lives on here.
  void add(std::shared_ptr<Session> session);
  void remove(messaging::SessionId id);

  // Applies the items in order to the sessions of this thread; ids of other threads (or of
  // sessions already gone) are ignored.
  void apply(const messaging::Outbox& outbox);

  // Starts a going-away close of every session (server shutdown).
  void close_all(const std::string& reason);
  // Ends every session without I/O; for after the I/O thread has stopped.
  void abandon_all();

  size_t size() const { return sessions_.size(); }

 private:
  void apply_delivery(const messaging::Delivery& delivery, messaging::CohortId cohort);
  void apply_control(const messaging::SessionControl& control);
  std::vector<std::shared_ptr<Session>> snapshot() const;

  std::atomic<size_t>& session_count_;
  std::unordered_map<messaging::SessionId, std::shared_ptr<Session>> sessions_;
  // Removal during apply() is deferred so that iteration stays valid.
  bool applying_ = false;
  std::vector<messaging::SessionId> removed_while_applying_;
};

}  // namespace exchange::net
