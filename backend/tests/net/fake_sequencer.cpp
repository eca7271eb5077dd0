#include "fake_sequencer.h"

#include <memory>
#include <utility>

#include "server_message.pb.h"

namespace exchange::net::testing {
namespace {

std::shared_ptr<const std::string> encode(const websocket_api::ServerMessage& message) {
  return std::make_shared<const std::string>(message.SerializeAsString());
}

}  // namespace

bool wait_until(const std::function<bool()>& condition, std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!condition()) {
    if (std::chrono::steady_clock::now() >= deadline) return condition();
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  return true;
}

FakeSequencer::FakeSequencer() : thread_([this] { run(); }) {}

FakeSequencer::~FakeSequencer() {
  stop();
}

void FakeSequencer::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

ServerHooks FakeSequencer::hooks() {
  ServerHooks hooks;
  hooks.submit = [this](messaging::Inbound inbound) {
    {
      std::lock_guard lock(mutex_);
      queue_.push_back(std::move(inbound));
    }
    wake_.notify_all();
  };
  hooks.verify_login = [](messaging::CohortId, const websocket_api::Authenticate& authenticate) {
    LoginCheck check;
    if (authenticate.jwt() == "good" || authenticate.jwt() == "banned") {
      check.identity = messaging::Identity{authenticate.jwt(), "Test User", false};
    } else {
      check.error = "JWT validation failed";
    }
    return check;
  };
  hooks.healthy = [this] { return healthy_.load(); };
  return hooks;
}

void FakeSequencer::hold_requests(bool hold) {
  {
    std::lock_guard lock(mutex_);
    hold_ = hold;
    // Held requests are answered on the sequencer thread, ahead of anything newer.
    if (!hold) release_ = true;
  }
  wake_.notify_all();
}

void FakeSequencer::run() {
  std::unique_lock lock(mutex_);
  for (;;) {
    wake_.wait(lock, [this] { return stopping_ || release_ || !queue_.empty(); });
    if (stopping_) return;
    if (release_) {
      release_ = false;
      auto released = std::exchange(held_, {});
      lock.unlock();
      for (const auto& [session, request_id] : released) answer_request(session, request_id);
      lock.lock();
      continue;
    }
    messaging::Inbound inbound = std::move(queue_.front());
    queue_.pop_front();
    lock.unlock();
    handle(std::move(inbound));
    lock.lock();
  }
}

void FakeSequencer::handle(messaging::Inbound inbound) {
  using Kind = messaging::Inbound::Kind;
  const messaging::SessionId session = inbound.session;
  switch (inbound.kind) {
    case Kind::kLogin: {
      {
        std::lock_guard lock(mutex_);
        login_sessions_[inbound.message.request_id()] = session;
      }
      websocket_api::ServerMessage reply;
      reply.set_request_id(inbound.message.request_id());
      messaging::SessionControl control;
      control.session = session;
      if (inbound.identity.subject == "banned") {
        auto* failed = reply.mutable_request_failed();
        failed->mutable_request_details()->set_kind("Authenticate");
        failed->mutable_error_details()->set_message("Account banned");
        control.kind = messaging::SessionControl::Kind::kLoginFailed;
      } else {
        reply.mutable_authenticated()->set_account_id(1);
        control.kind = messaging::SessionControl::Kind::kLoggedIn;
      }
      auto outbox = std::make_shared<messaging::Outbox>();
      outbox->items.push_back(messaging::Delivery{false, {session}, encode(reply)});
      outbox->items.push_back(control);
      server_->deliver(std::move(outbox));
      return;
    }
    case Kind::kRequest: {
      const std::string& request_id = inbound.message.request_id();
      {
        std::lock_guard lock(mutex_);
        requests_[session].push_back(request_id);
        if (hold_) {
          held_.emplace_back(session, request_id);
          return;
        }
      }
      answer_request(session, request_id);
      return;
    }
    case Kind::kClosed: {
      std::lock_guard lock(mutex_);
      ++closed_[session];
      return;
    }
  }
}

void FakeSequencer::answer_request(messaging::SessionId session, const std::string& request_id) {
  int64_t count;
  {
    std::lock_guard lock(mutex_);
    const auto& ids = requests_[session];
    count = 0;
    for (const auto& id : ids) {
      ++count;
      if (id == request_id) break;
    }
  }
  websocket_api::ServerMessage reply;
  reply.set_request_id(request_id);
  reply.mutable_acting_as()->set_account_id(count);
  auto outbox = std::make_shared<messaging::Outbox>();
  outbox->items.push_back(messaging::Delivery{false, {session}, encode(reply)});
  outbox->items.push_back(
      messaging::SessionControl{session, messaging::SessionControl::Kind::kProcessed, 1, {}});
  server_->deliver(std::move(outbox));
}

messaging::SessionId FakeSequencer::session_of_login(const std::string& request_id) const {
  std::lock_guard lock(mutex_);
  auto it = login_sessions_.find(request_id);
  return it == login_sessions_.end() ? 0 : it->second;
}

std::vector<std::string> FakeSequencer::request_ids_of(messaging::SessionId session) const {
  std::lock_guard lock(mutex_);
  auto it = requests_.find(session);
  return it == requests_.end() ? std::vector<std::string>{} : it->second;
}

std::map<messaging::SessionId, int> FakeSequencer::closed_counts() const {
  std::lock_guard lock(mutex_);
  return closed_;
}

int FakeSequencer::closed_count(messaging::SessionId session) const {
  std::lock_guard lock(mutex_);
  auto it = closed_.find(session);
  return it == closed_.end() ? 0 : it->second;
}

size_t FakeSequencer::logins() const {
  std::lock_guard lock(mutex_);
  return login_sessions_.size();
}

}  // namespace exchange::net::testing
