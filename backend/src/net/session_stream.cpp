#include "net/session_stream.h"

namespace exchange::net {

namespace asio = boost::asio;
using boost::system::error_code;

void SessionStream::schedule_flush() {
  auto& w = *writes_;
  if (w.flush_posted || w.socket_writing) return;  // a socket write's end flushes, too
  post_flush_turn(writes_);
}

void SessionStream::post_flush_turn(const std::shared_ptr<detail::CoalescedWrites>& writes) {
  auto& w = *writes;
  w.flush_posted = true;
  w.appended_seen = w.appended;
  asio::post(w.stream->get_executor(), [writes] { on_flush_turn(writes); });
}

void SessionStream::on_flush_turn(const std::shared_ptr<detail::CoalescedWrites>& writes) {
  auto& w = *writes;
  w.flush_posted = false;
  if (w.stream == nullptr || w.socket_writing || w.staged.empty()) return;
  if (w.appended != w.appended_seen) {
    // The writer is still going (each accepted write completes one turn later): wait for it.
    post_flush_turn(writes);
    return;
  }
  start_socket_write(writes);
}

void SessionStream::start_socket_write(const std::shared_ptr<detail::CoalescedWrites>& writes) {
  auto& w = *writes;
  w.writing.clear();
  w.writing.swap(w.staged);
  w.socket_writing = true;
  // Through the base class: its async_write_some is the real socket write.
  asio::async_write(static_cast<boost::beast::tcp_stream&>(*w.stream), asio::buffer(w.writing),
                    [writes](error_code error, size_t) {
                      auto& w = *writes;
                      w.socket_writing = false;
                      if (error && !w.error) w.error = error;
                      if (w.held) {
                        w.held(w.error, w.error ? 0 : w.held_size);
                      }
                      if (w.stream != nullptr && !w.error && !w.staged.empty()) {
                        start_socket_write(writes);
                        return;
                      }
                      if (w.drained && (w.error || w.staged.empty())) {
                        w.drained(w.error, 0);
                      }
                    });
}

}  // namespace exchange::net
