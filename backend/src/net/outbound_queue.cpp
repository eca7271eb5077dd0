#include "net/outbound_queue.h"

#include <utility>

namespace exchange::net {

bool OutboundQueue::try_push(Frame frame) {
  const size_t size = frame->size();
  if (bytes() > 0 && bytes() + size > max_bytes_) return false;
  waiting_bytes_ += size;
  waiting_.push_back(std::move(frame));
  return true;
}

Frame OutboundQueue::take() {
  Frame frame = std::move(waiting_.front());
  waiting_.pop_front();
  waiting_bytes_ -= frame->size();
  writing_bytes_ = frame->size();
  return frame;
}

void OutboundQueue::written() {
  writing_bytes_ = 0;
}

void OutboundQueue::clear() {
  waiting_.clear();
  waiting_bytes_ = 0;
}

}  // namespace exchange::net
