#pragma once
// The frames waiting to be written to one WebSocket connection, with their memory cost.

#include <atomic>
#include <cstddef>
#include <deque>
#include <memory>
#include <string>

namespace exchange::net {

using Frame = std::shared_ptr<const std::string>;

// What one queued frame costs beyond its bytes: the queue slot, the shared_ptr control block
// and the string's own allocation. Counting it keeps a flood of tiny replies (a client sending
// empty frames and never reading) from holding many times the limit in real memory.
constexpr size_t kFrameOverheadBytes = 128;

// A FIFO of frames plus the one frame being written, in two classes:
// - live frames (replies and events): their cost stays <= max_live_bytes, except that a single
//   frame larger than the limit is accepted when no other live frame is held (a large history
//   for a client that is keeping up is not a slow consumer);
// - bulk frames (the login snapshot and its re-sends): they are bounded by the size of the
//   exchange's state, not by the client's speed, so they have their own, larger limit
//   (max_bulk_bytes, with the same single-frame exception); a client that keeps reading gets a
//   snapshot of any size, and one that stops is caught by the session's write-stall deadline.
//
// When given a `server_total`, the queue also adds what it holds to that counter, shared by
// every connection of the server, so that the server can tell when queues together hold too
// much memory.
class OutboundQueue {
 public:
  OutboundQueue(size_t max_live_bytes, size_t max_bulk_bytes,
                std::atomic<size_t>* server_total = nullptr)
      : max_live_bytes_(max_live_bytes),
        max_bulk_bytes_(max_bulk_bytes),
        server_total_(server_total) {}
  ~OutboundQueue();
  OutboundQueue(const OutboundQueue&) = delete;
  OutboundQueue& operator=(const OutboundQueue&) = delete;

  // Appends `frame`; false (and nothing changes) when it would pass its class's limit.
  bool try_push(Frame frame, bool bulk = false);
  // True when no frame waits (a frame may still be in the middle of being written).
  bool empty() const { return waiting_.empty(); }
  // Moves the oldest waiting frame to "being written"; it stays counted until written().
  Frame take();
  // The frame from take() has been written.
  void written();
  // Drops the waiting frames (the one being written, if any, stays counted).
  void clear();
  // Cost held: waiting frames plus the one being written, both classes.
  size_t bytes() const { return live_bytes_ + bulk_bytes_; }
  size_t live_bytes() const { return live_bytes_; }
  size_t bulk_bytes() const { return bulk_bytes_; }

 private:
  struct Entry {
    Frame frame;
    bool bulk;
  };
  static size_t cost(const Frame& frame) { return frame->size() + kFrameOverheadBytes; }
  size_t& counter(bool bulk) { return bulk ? bulk_bytes_ : live_bytes_; }
  void add(bool bulk, size_t bytes);
  void remove(bool bulk, size_t bytes);

  size_t max_live_bytes_;
  size_t max_bulk_bytes_;
  std::atomic<size_t>* server_total_;
  std::deque<Entry> waiting_;
  size_t live_bytes_ = 0;  // waiting and being written
  size_t bulk_bytes_ = 0;
  Entry writing_{nullptr, false};
};

}  // namespace exchange::net
