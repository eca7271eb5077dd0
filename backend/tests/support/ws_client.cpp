#include "ws_client.h"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>

#include <algorithm>
#include <atomic>
#include <future>
#include <iterator>
#include <stdexcept>
#include <thread>

namespace exchange::testing {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;

class WsClient::Impl {
 public:
  Impl(uint16_t port, bool read, const std::string& path) : ws_(io_), reading_(read) {
    asio::ip::tcp::resolver resolver(io_);
    asio::connect(ws_.next_layer(), resolver.resolve("127.0.0.1", std::to_string(port)));
    ws_.read_message_max(256 << 20);
    ws_.binary(true);
    ws_.handshake("127.0.0.1:" + std::to_string(port), path);
    work_.emplace(io_.get_executor());
    thread_ = std::thread([this] { io_.run(); });
    if (read) asio::post(io_, [this] { read_next(); });
  }

  ~Impl() {
    asio::post(io_, [this] {
      beast::error_code ignored;
      beast::get_lowest_layer(ws_).close();
      (void)ignored;
    });
    work_.reset();
    io_.stop();
    thread_.join();
  }

  void read_next() {
    ws_.async_read(buffer_, [this](beast::error_code error, size_t) {
      if (error) {
        std::lock_guard lock(mutex_);
        closed_ = true;
        close_ = {int(ws_.reason().code), std::string(ws_.reason().reason.data(), ws_.reason().reason.size())};
        arrived_.notify_all();
        return;
      }
      ServerMessage message;
      const bool parsed = message.ParseFromString(beast::buffers_to_string(buffer_.data()));
      buffer_.consume(buffer_.size());
      {
        std::lock_guard lock(mutex_);
        if (parsed) inbox_.push_back(std::move(message)); else garbage_ = true;
      }
      arrived_.notify_all();
      read_next();
    });
  }

  void write(std::string bytes, bool binary) {
    std::promise<void> done;
    auto finished = done.get_future();
    asio::post(io_, [&, bytes = std::move(bytes), binary]() mutable {
      ws_.binary(binary);
      beast::error_code error;
      ws_.write(asio::buffer(bytes), error);  // synchronous inside the io thread: no overlap
      ws_.binary(true);
      done.set_value();
    });
    finished.wait();
  }

  // Takes the first queued message that matches, leaving the others queued in order.
  std::optional<ServerMessage> pop_matching(const std::function<bool(const ServerMessage&)>& match,
                                            std::chrono::milliseconds timeout) {
    std::unique_lock lock(mutex_);
    std::optional<ServerMessage> found;
    auto take = [&] {
      for (auto it = inbox_.begin(); it != inbox_.end(); ++it) {
        if (match(*it)) {
          found = std::move(*it);
          inbox_.erase(it);
          return true;
        }
      }
      return closed_;
    };
    arrived_.wait_for(lock, timeout, take);
    return found;
  }

  // Waits for the message carrying `request_id`; takes it and every message before it
  // (returned in order, without it). nullopt, taking nothing, when the connection closes first;
  // throws on timeout.
  std::optional<std::vector<ServerMessage>> pop_through(const std::string& request_id,
                                                        std::chrono::milliseconds timeout) {
    std::unique_lock lock(mutex_);
    auto found = inbox_.end();
    auto arrived = [&] {
      found = std::find_if(inbox_.begin(), inbox_.end(),
                           [&](const ServerMessage& m) { return m.request_id() == request_id; });
      return found != inbox_.end() || closed_;
    };
    if (!arrived_.wait_for(lock, timeout, arrived)) {
      throw std::runtime_error("no reply to fence " + request_id + " in time");
    }
    if (found == inbox_.end()) return std::nullopt;
    std::vector<ServerMessage> before(std::make_move_iterator(inbox_.begin()),
                                      std::make_move_iterator(found));
    inbox_.erase(inbox_.begin(), std::next(found));
    return before;
  }

  std::vector<ServerMessage> pop_until_closed(std::chrono::milliseconds timeout) {
    std::unique_lock lock(mutex_);
    arrived_.wait_for(lock, timeout, [&] { return closed_; });
    std::vector<ServerMessage> taken(std::make_move_iterator(inbox_.begin()),
                                     std::make_move_iterator(inbox_.end()));
    inbox_.clear();
    return taken;
  }

  std::optional<ServerMessage> pop(std::chrono::milliseconds timeout) {
    std::unique_lock lock(mutex_);
    if (!arrived_.wait_for(lock, timeout, [&] { return !inbox_.empty() || closed_; })) {
      return std::nullopt;
    }
    if (inbox_.empty()) return std::nullopt;
    ServerMessage message = std::move(inbox_.front());
    inbox_.pop_front();
    return message;
  }

  asio::io_context io_;
  websocket::stream<asio::ip::tcp::socket> ws_;
  std::optional<asio::executor_work_guard<asio::io_context::executor_type>> work_;
  std::thread thread_;
  beast::flat_buffer buffer_;
  bool reading_;
  mutable std::mutex mutex_;
  std::condition_variable arrived_;
  std::deque<ServerMessage> inbox_;
  bool closed_ = false;
  bool garbage_ = false;
  std::pair<int, std::string> close_;
};

WsClient::WsClient(uint16_t port, bool read, const std::string& path)
    : impl_(std::make_unique<Impl>(port, read, path)) {}
WsClient::~WsClient() = default;

void WsClient::send(const ClientMessage& message) { impl_->write(message.SerializeAsString(), true); }

void WsClient::send_raw(std::string bytes, bool binary) { impl_->write(std::move(bytes), binary); }

void WsClient::resume_reading() {
  if (impl_->reading_) return;
  impl_->reading_ = true;
  asio::post(impl_->io_, [this] { impl_->read_next(); });
}

ServerMessage WsClient::next(std::chrono::milliseconds timeout) {
  auto message = impl_->pop(timeout);
  if (!message) throw std::runtime_error("no message from the server in time");
  return *message;
}

ServerMessage WsClient::next_matching(const std::function<bool(const ServerMessage&)>& match,
                                      std::chrono::milliseconds timeout) {
  auto message = impl_->pop_matching(match, timeout);
  if (!message) throw std::runtime_error("expected message did not arrive");
  return *message;
}

ServerMessage WsClient::request(ClientMessage message, std::chrono::milliseconds timeout) {
  // Published results carry the requester's id to every client, so ids are unique process-wide.
  static std::atomic<int> next_request{1};
  if (message.request_id().empty()) message.set_request_id("r" + std::to_string(next_request++));
  const std::string id = message.request_id();
  send(message);
  return next_matching([&](const ServerMessage& m) { return m.request_id() == id; }, timeout);
}

std::optional<std::vector<ServerMessage>> WsClient::fence_unless_closed(
    std::chrono::milliseconds timeout) {
  static std::atomic<int> next_fence{1};
  std::vector<ServerMessage> before;
  for (int round = 0; round < 2; ++round) {
    ClientMessage message;
    message.set_request_id("fence-" + std::to_string(next_fence++));
    message.mutable_authenticate();  // refused: the session is logged in
    send(message);
    auto arrived = impl_->pop_through(message.request_id(), timeout);
    if (!arrived) return std::nullopt;
    before.insert(before.end(), std::make_move_iterator(arrived->begin()),
                  std::make_move_iterator(arrived->end()));
  }
  return before;
}

std::vector<ServerMessage> WsClient::fence(std::chrono::milliseconds timeout) {
  auto before = fence_unless_closed(timeout);
  if (!before) throw std::runtime_error("connection closed before the fence");
  return std::move(*before);
}

std::vector<ServerMessage> WsClient::until_closed(std::chrono::milliseconds timeout) {
  return impl_->pop_until_closed(timeout);
}

std::vector<ServerMessage> WsClient::login(const std::string& token, int64_t act_as) {
  ClientMessage message;
  message.set_request_id("login");
  message.mutable_authenticate()->set_jwt(token);
  message.mutable_authenticate()->set_act_as(act_as);
  send(message);
  std::vector<ServerMessage> snapshot;
  while (true) {
    ServerMessage next_message = next();
    snapshot.push_back(next_message);
    if (next_message.has_acting_as() || next_message.has_request_failed()) return snapshot;
  }
}

bool WsClient::closed() const {
  std::lock_guard lock(impl_->mutex_);
  return impl_->closed_;
}

std::pair<int, std::string> WsClient::close_reason() const {
  std::lock_guard lock(impl_->mutex_);
  return impl_->close_;
}

std::string test_token(const std::string& name, bool admin) {
  return "test::subject-" + name + "::" + name + "::" + (admin ? "true" : "false");
}

}  // namespace exchange::testing
