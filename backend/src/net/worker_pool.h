#pragma once
// A few threads for work that must not stall an I/O thread: password hashing, token
// verification that may fetch keys, SQLite lookups. Jobs run in the order posted (FIFO), each
// on one of the pool's threads.

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace exchange::net {

class WorkerPool {
 public:
  using Job = std::function<void()>;

  // At most `max_queued` jobs wait at once (bounded memory under a flood of slow requests).
  WorkerPool(size_t threads, size_t max_queued);
  ~WorkerPool();  // stop()
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  // Thread-safe. False (and `job` destroyed unrun) when max_queued jobs are waiting already or
  // after stop(). A job that throws is logged; the thread carries on.
  [[nodiscard]] bool post(Job job);
  // Destroys the queued jobs unrun, waits for the running ones, joins the threads. Idempotent.
  void stop();

 private:
  void run();

  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<Job> queue_;
  size_t max_queued_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace exchange::net
