#pragma once
// A stand-in for the engine's sequencer: one thread that takes what sessions submit and
// answers through Server::deliver, as the real one does after each batch.
//
// kLogin: identity "banned" gets RequestFailed{Authenticate, "Account banned"} + kLoginFailed;
// any other gets ServerMessage{authenticated{account_id: 1}} (with the login's request_id) +
// kLoggedIn. kRequest: ServerMessage{request_id, acting_as{account_id: n}} where n counts the
// session's requests from 1, + kProcessed{1} (held back while hold_requests(true)).

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "messaging/inbound.h"
#include "net/server.h"

namespace exchange::net::testing {

class FakeSequencer {
 public:
  FakeSequencer();
  ~FakeSequencer();  // stops the thread

  // Hooks wired to this sequencer. verify_login accepts the jwts "good" and "banned".
  ServerHooks hooks();
  // Where answers go; set before the server starts.
  void set_server(Server* server) { server_ = server; }
  // Stops answering; the server must outlive the sequencer's thread or call this first.
  void stop();

  void set_healthy(bool healthy) { healthy_ = healthy; }
  // While true, requests are recorded but not answered.
  void hold_requests(bool hold);

  // Observations (thread-safe).
  messaging::SessionId session_of_login(const std::string& request_id) const;
  std::vector<std::string> request_ids_of(messaging::SessionId session) const;
  std::map<messaging::SessionId, int> closed_counts() const;
  int closed_count(messaging::SessionId session) const;
  size_t logins() const;

 private:
  void run();
  void handle(messaging::Inbound inbound);
  void answer_request(messaging::SessionId session, const std::string& request_id);

  Server* server_ = nullptr;
  std::atomic<bool> healthy_{true};

  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<messaging::Inbound> queue_;
  bool stopping_ = false;
  bool hold_ = false;
  bool release_ = false;
  std::vector<std::pair<messaging::SessionId, std::string>> held_;
  std::map<std::string, messaging::SessionId> login_sessions_;
  std::map<messaging::SessionId, std::vector<std::string>> requests_;
  std::map<messaging::SessionId, int> closed_;
  std::thread thread_;
};

// Polls `condition` until it holds or `timeout` passes; returns its last value.
bool wait_until(const std::function<bool()>& condition,
                std::chrono::milliseconds timeout = std::chrono::milliseconds(5000));

}  // namespace exchange::net::testing
