#include "net/session_stream.h"

#include "net/websocket_frame.h"

namespace exchange::net {

namespace asio = boost::asio;
using boost::system::error_code;

namespace {

constexpr size_t kKeptBufferBytes = 16 * 1024;

}  // namespace

bool SessionStream::append_message(std::string_view payload) {
  auto& w = *writes_;
  if (w.error) return false;
  append_binary_frame_header(w.staged, payload.size());
  w.staged.append(payload);
  // Not counted in `appended`: a writer of whole messages has finished its burst when it
  // returns, so the flush need not wait another turn for more (a reply would otherwise queue
  // behind the flushes of every connection a broadcast reached meanwhile).
  if (w.staged.size() >= kCoalesceLimit && !w.socket_writing) {
    start_socket_write(writes_);
  } else {
    schedule_flush();
  }
  return true;
}

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
  if (send_at_once(w)) return;
  start_socket_write(writes);
}

bool SessionStream::send_at_once(detail::CoalescedWrites& w) {
  // Usually the socket's buffer takes everything: one non-blocking send then saves the
  // asynchronous operation (its allocation, the reactor and a completion). Whatever is left,
  // or any error, goes the asynchronous way, which also reports the error.
  auto& socket = w.stream->socket();
  error_code error;
  if (!socket.non_blocking()) socket.non_blocking(true, error);  // synchronous calls only
  if (error) return false;
  const size_t sent = socket.write_some(asio::buffer(w.staged), error);
  if (error) return false;
  w.staged.erase(0, sent);
  if (!w.staged.empty()) return false;
  if (w.staged.capacity() > kKeptBufferBytes) std::string().swap(w.staged);  // as below
  return true;
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
                      // Idle connections (thousands of listeners) keep small buffers; a
                      // snapshot's megabytes are not kept for the connection's life.
                      if (w.writing.capacity() > kKeptBufferBytes) {
                        std::string().swap(w.writing);
                      }
                      if (error && !w.error) w.error = error;
                      if (w.held) {
                        w.held(w.error, w.error ? 0 : w.held_size);
                      }
                      if (w.stream != nullptr && !w.error && !w.staged.empty()) {
                        start_socket_write(writes);  // staged is empty again: room
                      }
                      if (w.room) w.room(w.error, 0);
                      if (w.socket_writing) return;
                      if (w.drained && (w.error || w.staged.empty())) {
                        w.drained(w.error, 0);
                      }
                    });
}

}  // namespace exchange::net
