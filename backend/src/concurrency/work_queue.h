#pragma once
// A queue of work between threads: any number of producers push, any number of consumer
// threads pop, one item or a batch at a time. Standard library only, so every layer may use
// it. Every queue-and-thread loop of the server (sequencer, history worker, checkpointer,
// worker pools) stops by the same rule, written here once.
//
// Contract:
// - Order: items are popped in the order they were pushed (FIFO). With several producers,
//   each producer's items keep their relative order.
// - Capacity: a queue built with a capacity refuses a push while that many items wait.
// - close() (idempotent, any thread): from then on every push is refused. A refused push
//   returns false and leaves the item with the caller, who still owns it and must answer it
//   (for a client request: a RequestFailed). Nothing is ever dropped silently.
// - Drain: what was queued before close() stays queued; consumers keep popping it. pop()
//   returns nothing, and pop_batch() an empty batch, only once the queue is closed AND empty:
//   that is a consumer's signal to stop. So a loop `while (auto item = q.pop()) ...` handles
//   every item it accepted, then ends.
// - close_and_take(): closes and hands back everything still queued, for an owner that must
//   not wait for it (e.g. a worker pool whose jobs release a connection when destroyed); the
//   owner answers each item itself. Consumers then see a closed, empty queue and stop.
// - Waiting consumers are woken by every push and by close(). A closed queue never reopens.

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <limits>
#include <mutex>
#include <optional>
#include <utility>
#include <vector>

namespace exchange::concurrency {

template <typename T>
class WorkQueue {
 public:
  static constexpr size_t kUnbounded = std::numeric_limits<size_t>::max();

  explicit WorkQueue(size_t capacity = kUnbounded) : capacity_(capacity) {}
  WorkQueue(const WorkQueue&) = delete;
  WorkQueue& operator=(const WorkQueue&) = delete;

  // Thread-safe. True: `item` was moved into the queue. False (closed, or full): `item` is
  // untouched and still the caller's to answer.
  [[nodiscard]] bool push(T&& item) {
    {
      std::lock_guard lock(mutex_);
      if (closed_ || items_.size() >= capacity_) return false;
      items_.push_back(std::move(item));
    }
    wake_.notify_one();
    return true;
  }

  // Blocks until an item is queued (returns it) or the queue is closed and empty (nothing).
  std::optional<T> pop() {
    std::unique_lock lock(mutex_);
    wake_.wait(lock, [this] { return closed_ || !items_.empty(); });
    return take_front(lock);
  }

  // As pop(), but gives up after `timeout`: nothing, with *closed false, then.
  template <typename Rep, typename Period>
  std::optional<T> pop_for(std::chrono::duration<Rep, Period> timeout, bool* closed) {
    std::unique_lock lock(mutex_);
    wake_.wait_for(lock, timeout, [this] { return closed_ || !items_.empty(); });
    if (closed != nullptr) *closed = closed_ && items_.empty();
    return take_front(lock);
  }

  // Blocks until at least one item is queued, then moves up to `max` of them (at least one)
  // into `batch` (cleared first) in order. An empty batch means closed and empty.
  void pop_batch(std::vector<T>& batch, size_t max) {
    batch.clear();
    std::unique_lock lock(mutex_);
    wake_.wait(lock, [this] { return closed_ || !items_.empty(); });
    const size_t count = std::min(items_.size(), std::max<size_t>(1, max));
    for (size_t i = 0; i < count; ++i) {
      batch.push_back(std::move(items_.front()));
      items_.pop_front();
    }
  }

  void close() {
    {
      std::lock_guard lock(mutex_);
      closed_ = true;
    }
    wake_.notify_all();
  }

  // Closes and returns whatever was still queued, in order.
  std::deque<T> close_and_take() {
    std::deque<T> left;
    {
      std::lock_guard lock(mutex_);
      closed_ = true;
      left.swap(items_);
    }
    wake_.notify_all();
    return left;
  }

  bool closed() const {
    std::lock_guard lock(mutex_);
    return closed_;
  }
  size_t size() const {
    std::lock_guard lock(mutex_);
    return items_.size();
  }

 private:
  std::optional<T> take_front(std::unique_lock<std::mutex>&) {
    if (items_.empty()) return std::nullopt;
    std::optional<T> item(std::move(items_.front()));
    items_.pop_front();
    return item;
  }

  const size_t capacity_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<T> items_;
  bool closed_ = false;
};

}  // namespace exchange::concurrency
