#include "net/outbound_queue.h"

#include <utility>

namespace exchange::net {

OutboundQueue::~OutboundQueue() {
  if (server_total_ != nullptr) server_total_->fetch_sub(bytes(), std::memory_order_relaxed);
}

void OutboundQueue::add(bool bulk, size_t bytes) {
  counter(bulk) += bytes;
  if (server_total_ != nullptr) server_total_->fetch_add(bytes, std::memory_order_relaxed);
}

void OutboundQueue::remove(bool bulk, size_t bytes) {
  counter(bulk) -= bytes;
  if (server_total_ != nullptr) server_total_->fetch_sub(bytes, std::memory_order_relaxed);
}

bool OutboundQueue::try_push(Frame frame, bool bulk) {
  const size_t size = cost(frame);
  const size_t held = counter(bulk);
  const size_t limit = bulk ? max_bulk_bytes_ : max_live_bytes_;
  if (held > 0 && held + size > limit) return false;
  add(bulk, size);
  waiting_.push_back({std::move(frame), bulk});
  return true;
}

Frame OutboundQueue::take() {
  writing_ = std::move(waiting_.front());
  waiting_.pop_front();
  return writing_.frame;
}

void OutboundQueue::written() {
  if (!writing_.frame) return;
  remove(writing_.bulk, cost(writing_.frame));
  writing_ = {nullptr, false};
}

void OutboundQueue::clear() {
  for (const Entry& entry : waiting_) remove(entry.bulk, cost(entry.frame));
  waiting_.clear();
}

}  // namespace exchange::net
