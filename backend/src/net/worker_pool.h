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

  explicit WorkerPool(size_t threads);
  ~WorkerPool();  // stop()
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  // Thread-safe. After stop() the job is destroyed without running. A job that throws is
  // logged; the thread carries on.
  void post(Job job);
  // Destroys the queued jobs unrun, waits for the running ones, joins the threads. Idempotent.
  void stop();

 private:
  void run();

  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<Job> queue_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace exchange::net
