#pragma once
// A few threads for work that must not stall an I/O thread: password hashing, token
// verification that may fetch keys, SQLite lookups. Jobs run in the order posted (FIFO), each
// on one of the pool's threads.

#include <cstddef>
#include <functional>
#include <thread>
#include <vector>

#include "concurrency/work_queue.h"

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
  // Unlike the engine's loops this does not drain (WorkQueue::close_and_take): the pool stops
  // after the I/O threads, and a queued job's answer is its destruction, which releases the
  // connection it holds.
  void stop();

 private:
  void run();

  concurrency::WorkQueue<Job> queue_;
  std::vector<std::thread> threads_;
};

}  // namespace exchange::net
