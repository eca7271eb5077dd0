#include "net/worker_pool.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <exception>
#include <utility>

namespace exchange::net {

WorkerPool::WorkerPool(size_t threads, size_t max_queued) : queue_(max_queued) {
  const size_t count = std::max<size_t>(1, threads);
  threads_.reserve(count);
  for (size_t i = 0; i < count; ++i) threads_.emplace_back([this] { run(); });
}

WorkerPool::~WorkerPool() {
  stop();
}

bool WorkerPool::post(Job job) {
  return queue_.push(std::move(job));  // refused: `job` dies here, in the caller's thread
}

void WorkerPool::stop() {
  // Released outside the queue's lock: a job may own a connection whose destructor does real
  // work.
  queue_.close_and_take().clear();
  for (std::thread& thread : threads_) {
    if (thread.joinable()) thread.join();
  }
}

void WorkerPool::run() {
  while (std::optional<Job> job = queue_.pop()) {
    try {
      (*job)();
    } catch (const std::exception& e) {
      spdlog::warn("net: worker job failed: {}", e.what());
    }
  }
}

}  // namespace exchange::net
