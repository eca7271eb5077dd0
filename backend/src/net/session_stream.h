#pragma once
// The TCP stream under a WebSocket session.

#include <boost/asio/buffer.hpp>
#include <boost/asio/compose.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/bind_handler.hpp>
#include <boost/beast/core/role.hpp>
#include <boost/beast/core/tcp_stream.hpp>

#include <array>
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <utility>

namespace exchange::net {

namespace detail {

// A completion handler put aside, type-erased. (Boost 1.81's any_completion_handler wraps
// itself endlessly when moved from an lvalue, so this small one is used instead.) It is invoked
// on the stream's own thread, from another completion.
class HeldHandler {
 public:
  HeldHandler() = default;
  template <class Handler>
  explicit HeldHandler(Handler handler) : impl_(std::make_unique<Impl<Handler>>(std::move(handler))) {}
  explicit operator bool() const { return impl_ != nullptr; }
  void operator()(boost::system::error_code error, size_t size) {
    auto impl = std::move(impl_);
    impl->invoke(error, size);
  }

 private:
  struct Base {
    virtual ~Base() = default;
    virtual void invoke(boost::system::error_code error, size_t size) = 0;
  };
  template <class Handler>
  struct Impl final : Base {
    explicit Impl(Handler h) : handler(std::move(h)) {}
    void invoke(boost::system::error_code error, size_t size) override {
      std::move(handler)(error, size);
    }
    Handler handler;
  };
  std::unique_ptr<Base> impl_;
};

// The write side of a SessionStream, shared with its pending operations so that they never
// touch a destroyed stream.
struct CoalescedWrites {

  boost::beast::tcp_stream* stream = nullptr;  // null once the stream is gone
  std::string staged;                          // accepted, not yet handed to the kernel
  std::string writing;                         // being written by the socket
  bool flush_posted = false;
  bool socket_writing = false;
  uint64_t appended = 0;        // bumped per accepted write: "more arrived since"
  uint64_t appended_seen = 0;
  boost::system::error_code error;  // the first failed socket write
  HeldHandler held;                 // a write accepted past the limit, completed once drained
  size_t held_size = 0;
  HeldHandler drained;              // teardown waiting for everything to reach the kernel
  HeldHandler room;                 // a message writer waiting for staged bytes to go out
};

}  // namespace detail

// A beast::tcp_stream with two changes for WebSocket sessions:
//
// Writes are coalesced. A write is copied and completed at once; the bytes reach the socket
// when the writer pauses (no new write between two turns of the event loop) or when 64 KiB
// are staged. A burst of frames for one connection (a batch's replies and broadcasts) thus
// costs one system call instead of one per frame. Past the limit a write is completed only
// when the socket has taken the staged bytes, so a peer that stops reading still backs up
// into the session's bounded queue.
//
// Teardown lingers. Beast 1.81's own TCP teardown stops after one read, so a peer still
// sending (say, the rest of an oversized message) gets a reset and loses the close frame
// (1009) that explains why. This one first flushes staged bytes, then reads until end of
// stream; the WebSocket closing timeout bounds it by closing the socket.
class SessionStream : public boost::beast::tcp_stream {
 public:
  static constexpr size_t kCoalesceLimit = 64 * 1024;

  explicit SessionStream(boost::beast::tcp_stream&& stream)
      : boost::beast::tcp_stream(std::move(stream)),
        writes_(std::make_shared<detail::CoalescedWrites>()) {
    writes_->stream = this;
  }
  ~SessionStream() { writes_->stream = nullptr; }
  SessionStream(SessionStream&&) = delete;

  // Hides tcp_stream::async_write_some: this is the call WebSocket writes arrive through.
  template <class ConstBufferSequence, class WriteToken>
  auto async_write_some(const ConstBufferSequence& buffers, WriteToken&& token) {
    return boost::asio::async_initiate<WriteToken, void(boost::system::error_code, size_t)>(
        [stream = this](auto handler, const ConstBufferSequence& buffers) {
          stream->accept_write(buffers, std::move(handler));
        },
        token, buffers);
  }

  // Stages one whole binary message, framed here (websocket_frame.h) rather than by a Beast
  // write operation: a broadcast to many connections then costs a copy per connection, not an
  // asynchronous operation and two event-loop turns per frame. The bytes go out like Beast's
  // own writes (coalesced, in order with them; Beast's control frames are staged whole by one
  // write, so they never land inside a message). The caller keeps to the WebSocket rules: no
  // message after the close frame. False once a socket write has failed (nothing staged).
  bool append_message(std::string_view payload);
  // Whether the next message may be staged now. When not, wait with when_room().
  bool has_room() const { return writes_->staged.size() < kCoalesceLimit; }
  // Calls handler(error, 0) once has_room() holds again (or writing failed).
  template <class Handler>
  void when_room(Handler handler) {
    auto& w = *writes_;
    if (w.error || w.staged.size() < kCoalesceLimit) {
      complete_later(std::move(handler), w.error, 0);
      return;
    }
    w.room = detail::HeldHandler(std::move(handler));
    if (!w.socket_writing) start_socket_write(writes_);
  }

  // Calls handler(error, 0) once every accepted byte has been handed to the socket (or
  // writing failed).
  template <class Handler>
  void when_drained(Handler handler) {
    auto& w = *writes_;
    if (w.error || (!w.socket_writing && w.staged.empty())) {
      complete_later(std::move(handler), w.error, 0);
      return;
    }
    w.drained = detail::HeldHandler(std::move(handler));
    if (!w.socket_writing) start_socket_write(writes_);
  }

 private:
  template <class ConstBufferSequence, class Handler>
  void accept_write(const ConstBufferSequence& buffers, Handler handler) {
    auto& w = *writes_;
    if (w.error) {
      complete_later(std::move(handler), w.error, 0);
      return;
    }
    const size_t size = boost::asio::buffer_size(buffers);
    const size_t at = w.staged.size();
    w.staged.resize(at + size);
    boost::asio::buffer_copy(boost::asio::buffer(w.staged.data() + at, size), buffers);
    ++w.appended;
    if (w.staged.size() < kCoalesceLimit) {
      complete_later(std::move(handler), {}, size);
      schedule_flush();
    } else if (w.socket_writing) {
      w.held = detail::HeldHandler(std::move(handler));  // completed by the socket write in flight
      w.held_size = size;
    } else {
      complete_later(std::move(handler), {}, size);
      start_socket_write(writes_);
    }
  }

  template <class Handler>
  void complete_later(Handler handler, boost::system::error_code error, size_t size) {
    boost::asio::post(get_executor(),
                      boost::beast::bind_front_handler(std::move(handler), error, size));
  }
  void schedule_flush();
  static void post_flush_turn(const std::shared_ptr<detail::CoalescedWrites>& writes);
  static void on_flush_turn(const std::shared_ptr<detail::CoalescedWrites>& writes);
  // A non-blocking send of everything staged; true when the socket took all of it.
  static bool send_at_once(detail::CoalescedWrites& w);
  static void start_socket_write(const std::shared_ptr<detail::CoalescedWrites>& writes);

  std::shared_ptr<detail::CoalescedWrites> writes_;
};

namespace detail {

class LingeringTeardown {
 public:
  LingeringTeardown(SessionStream& stream, boost::beast::role_type role)
      : stream_(stream), role_(role), buffer_(std::make_unique<std::array<char, 4096>>()) {}

  template <class Self>
  void operator()(Self& self, boost::system::error_code ec = {}, size_t = 0) {
    auto& socket = stream_.socket();
    switch (step_) {
      case Step::kFlush:
        step_ = Step::kShutdown;
        stream_.when_drained(std::move(self));
        return;
      case Step::kShutdown: {
        step_ = Step::kDrainInput;
        boost::system::error_code ignored;
        // A failure here shows up, asynchronously, in the read below.
        if (role_ == boost::beast::role_type::server) {
          socket.shutdown(boost::asio::socket_base::shutdown_send, ignored);
        }
        socket.async_read_some(boost::asio::buffer(*buffer_), std::move(self));
        return;
      }
      case Step::kDrainInput:
        break;
    }
    if (!ec) {
      socket.async_read_some(boost::asio::buffer(*buffer_), std::move(self));
      return;
    }
    if (ec == boost::asio::error::eof) ec = {};
    boost::system::error_code ignored;
    if (role_ == boost::beast::role_type::client) {
      socket.shutdown(boost::asio::socket_base::shutdown_send, ignored);
    }
    socket.close(ignored);
    self.complete(ec);
  }

 private:
  enum class Step { kFlush, kShutdown, kDrainInput };
  SessionStream& stream_;
  boost::beast::role_type role_;
  std::unique_ptr<std::array<char, 4096>> buffer_;
  Step step_ = Step::kFlush;
};

}  // namespace detail

// Beast's teardown customization point, found by argument-dependent lookup.
template <class TeardownHandler>
void async_teardown(boost::beast::role_type role, SessionStream& stream,
                    TeardownHandler&& handler) {
  // async_compose takes the handler by reference and moves from it.
  boost::asio::async_compose<TeardownHandler, void(boost::system::error_code)>(
      detail::LingeringTeardown(stream, role), handler, stream.socket());
}

}  // namespace exchange::net
