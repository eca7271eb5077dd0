// The work queue's contract (concurrency/work_queue.h): FIFO order, batches, bounded capacity,
// close() refusing pushes while what was queued drains, close_and_take(), several producers
// and consumers. No test waits on the clock: threads meet through the queue itself and join.

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <optional>
#include <thread>
#include <utility>
#include <vector>

#include "concurrency/work_queue.h"

namespace exchange::concurrency {
namespace {

std::vector<int> drain(WorkQueue<int>& queue) {
  std::vector<int> items;
  while (std::optional<int> item = queue.pop()) items.push_back(*item);
  return items;
}

TEST(WorkQueue, PopsInTheOrderPushed) {
  WorkQueue<int> queue;
  for (int i = 1; i <= 5; ++i) ASSERT_TRUE(queue.push(int{i}));
  EXPECT_EQ(queue.size(), 5u);
  queue.close();
  EXPECT_EQ(drain(queue), (std::vector<int>{1, 2, 3, 4, 5}));
}

TEST(WorkQueue, PopBatchTakesUpToMaxInOrder) {
  WorkQueue<int> queue;
  for (int i = 1; i <= 5; ++i) ASSERT_TRUE(queue.push(int{i}));
  std::vector<int> batch{99};  // cleared first
  queue.pop_batch(batch, 3);
  EXPECT_EQ(batch, (std::vector<int>{1, 2, 3}));
  queue.pop_batch(batch, 3);
  EXPECT_EQ(batch, (std::vector<int>{4, 5}));
  ASSERT_TRUE(queue.push(6));
  queue.pop_batch(batch, 0);  // a batch is never smaller than one item
  EXPECT_EQ(batch, (std::vector<int>{6}));
}

TEST(WorkQueue, PopBatchWaitsForTheFirstItem) {
  WorkQueue<int> queue;
  std::vector<int> batch;
  std::thread consumer([&] { queue.pop_batch(batch, 10); });
  ASSERT_TRUE(queue.push(7));
  consumer.join();
  EXPECT_EQ(batch, (std::vector<int>{7}));
}

TEST(WorkQueue, ARefusedPushLeavesTheItemWithTheCaller) {
  WorkQueue<std::unique_ptr<int>> queue;
  queue.close();
  auto item = std::make_unique<int>(42);
  EXPECT_FALSE(queue.push(std::move(item)));
  ASSERT_NE(item, nullptr);  // still ours to answer
  EXPECT_EQ(*item, 42);
  EXPECT_EQ(queue.size(), 0u);
}

TEST(WorkQueue, AFullQueueRefusesUntilAnItemIsTaken) {
  WorkQueue<std::unique_ptr<int>> queue(2);
  ASSERT_TRUE(queue.push(std::make_unique<int>(1)));
  ASSERT_TRUE(queue.push(std::make_unique<int>(2)));
  auto third = std::make_unique<int>(3);
  EXPECT_FALSE(queue.push(std::move(third)));
  ASSERT_NE(third, nullptr);
  EXPECT_EQ(**queue.pop(), 1);
  EXPECT_TRUE(queue.push(std::move(third)));
  EXPECT_EQ(third, nullptr);
  EXPECT_EQ(queue.size(), 2u);
}

TEST(WorkQueue, CloseRefusesPushesButDrainsWhatWasQueued) {
  WorkQueue<int> queue;
  ASSERT_TRUE(queue.push(1));
  ASSERT_TRUE(queue.push(2));
  queue.close();
  queue.close();  // idempotent
  EXPECT_TRUE(queue.closed());
  EXPECT_FALSE(queue.push(3));
  EXPECT_EQ(drain(queue), (std::vector<int>{1, 2}));
  std::vector<int> batch{99};
  queue.pop_batch(batch, 10);
  EXPECT_TRUE(batch.empty());  // closed and empty: the consumer's signal to stop
  EXPECT_FALSE(queue.pop().has_value());
}

TEST(WorkQueue, CloseWakesEveryWaitingConsumer) {
  WorkQueue<int> queue;
  std::atomic<int> stopped{0};
  std::vector<std::thread> consumers;
  for (int i = 0; i < 4; ++i) {
    consumers.emplace_back([&] {
      if (!queue.pop().has_value()) ++stopped;
    });
  }
  queue.close();
  for (std::thread& consumer : consumers) consumer.join();
  EXPECT_EQ(stopped.load(), 4);
}

TEST(WorkQueue, CloseAndTakeHandsBackWhatWasQueued) {
  WorkQueue<int> queue;
  for (int i = 1; i <= 3; ++i) ASSERT_TRUE(queue.push(int{i}));
  std::deque<int> left = queue.close_and_take();
  EXPECT_EQ(std::vector<int>(left.begin(), left.end()), (std::vector<int>{1, 2, 3}));
  EXPECT_TRUE(queue.closed());
  EXPECT_FALSE(queue.pop().has_value());
  EXPECT_FALSE(queue.push(4));
}

TEST(WorkQueue, PopForTellsATimeoutFromClosed) {
  WorkQueue<int> queue;
  bool closed = true;
  EXPECT_FALSE(queue.pop_for(std::chrono::milliseconds(0), &closed).has_value());
  EXPECT_FALSE(closed);  // open, merely empty
  ASSERT_TRUE(queue.push(5));
  queue.close();
  EXPECT_EQ(queue.pop_for(std::chrono::milliseconds(0), &closed), 5);
  EXPECT_FALSE(closed);  // it still held an item
  // Closed and empty: returns at once, whatever the timeout.
  EXPECT_FALSE(queue.pop_for(std::chrono::hours(1), &closed).has_value());
  EXPECT_TRUE(closed);
}

// Several producers, one consumer taking batches: every item arrives once, and each
// producer's items in the order it pushed them.
TEST(WorkQueue, KeepsEachProducersOrderAcrossBatches) {
  constexpr int kProducers = 4, kItems = 2000;
  WorkQueue<std::pair<int, int>> queue;
  std::vector<std::thread> producers;
  for (int p = 0; p < kProducers; ++p) {
    producers.emplace_back([&, p] {
      for (int i = 0; i < kItems; ++i) ASSERT_TRUE(queue.push({p, i}));
    });
  }
  std::vector<int> next(kProducers, 0);
  std::thread consumer([&] {
    std::vector<std::pair<int, int>> batch;
    for (;;) {
      queue.pop_batch(batch, 64);
      if (batch.empty()) return;
      for (const auto& [producer, index] : batch) EXPECT_EQ(index, next[producer]++);
    }
  });
  for (std::thread& producer : producers) producer.join();
  queue.close();
  consumer.join();
  EXPECT_EQ(next, std::vector<int>(kProducers, kItems));
}

// Producers race close(): each item is either refused (and kept by its producer) or popped by
// a consumer; none is lost.
TEST(WorkQueue, NothingAcceptedIsLostWhenCloseRacesProducers) {
  constexpr int kProducers = 4, kConsumers = 3;
  WorkQueue<int> queue;
  std::atomic<long> accepted{0}, refused{0}, popped{0};
  std::atomic<bool> first_accepted{false};
  std::vector<std::thread> threads;
  for (int p = 0; p < kProducers; ++p) {
    threads.emplace_back([&] {
      for (int i = 0;; ++i) {
        if (!queue.push(int{i})) {
          ++refused;
          return;
        }
        ++accepted;
        first_accepted = true;
      }
    });
  }
  for (int c = 0; c < kConsumers; ++c) {
    threads.emplace_back([&] {
      while (queue.pop().has_value()) ++popped;
    });
  }
  // Close once something was accepted (spinning on the queue's own progress, not the clock).
  while (!first_accepted) std::this_thread::yield();
  queue.close();
  for (std::thread& thread : threads) thread.join();
  EXPECT_GT(accepted.load(), 0);
  EXPECT_EQ(refused.load(), kProducers);
  EXPECT_EQ(popped.load(), accepted.load());
}

}  // namespace
}  // namespace exchange::concurrency
