#pragma once
// The frames waiting to be written to one WebSocket connection, with their byte count.

#include <cstddef>
#include <deque>
#include <memory>
#include <string>

namespace exchange::net {

using Frame = std::shared_ptr<const std::string>;

// A FIFO of frames plus the one frame being written. Guarantees bytes() <= max_bytes, except
// that a single frame larger than max_bytes is accepted when nothing else is held: a large
// snapshot or history for a client that is keeping up is not a slow consumer.
class OutboundQueue {
 public:
  explicit OutboundQueue(size_t max_bytes) : max_bytes_(max_bytes) {}

  // Appends `frame`; false (and nothing changes) when it would pass the limit.
  bool try_push(Frame frame);
  // True when no frame waits (a frame may still be in the middle of being written).
  bool empty() const { return waiting_.empty(); }
  // Moves the oldest waiting frame to "being written"; it stays counted until written().
  Frame take();
  // The frame from take() has been written.
  void written();
  // Drops the waiting frames (the one being written, if any, stays counted).
  void clear();
  // Bytes held: waiting frames plus the one being written.
  size_t bytes() const { return waiting_bytes_ + writing_bytes_; }

 private:
  size_t max_bytes_;
  std::deque<Frame> waiting_;
  size_t waiting_bytes_ = 0;
  size_t writing_bytes_ = 0;
};

}  // namespace exchange::net
