// The per-session outbound queue: FIFO order, its live and bulk limits, and the per-frame
// overhead that bounds real memory under a flood of tiny frames.

#include "net/outbound_queue.h"

#include <gtest/gtest.h>

#include <atomic>
#include <memory>
#include <string>

namespace exchange::net::testing {
namespace {

constexpr size_t kOverhead = kFrameOverheadBytes;

Frame frame(size_t size, char fill = 'x') {
  return std::make_shared<const std::string>(size, fill);
}

TEST(OutboundQueueTest, KeepsOrderAndCountsBytesUntilWritten) {
  OutboundQueue queue(1000, 1000);
  ASSERT_TRUE(queue.try_push(frame(10, 'a')));
  ASSERT_TRUE(queue.try_push(frame(20, 'b')));
  EXPECT_EQ(queue.bytes(), 30u + 2 * kOverhead);
  Frame first = queue.take();
  EXPECT_EQ((*first)[0], 'a');
  EXPECT_EQ(queue.bytes(), 30u + 2 * kOverhead);  // still being written
  queue.written();
  EXPECT_EQ(queue.bytes(), 20u + kOverhead);
  EXPECT_EQ((*queue.take())[0], 'b');
  queue.written();
  EXPECT_TRUE(queue.empty());
  EXPECT_EQ(queue.bytes(), 0u);
}

TEST(OutboundQueueTest, RefusesWhatWouldPassTheLimit) {
  const size_t limit = 100 + 2 * kOverhead;
  OutboundQueue queue(limit, limit);
  ASSERT_TRUE(queue.try_push(frame(60)));
  queue.take();  // being written: still counted
  EXPECT_TRUE(queue.try_push(frame(40)));
  EXPECT_FALSE(queue.try_push(frame(1)));
  EXPECT_EQ(queue.bytes(), limit);
}

// Regression (issue 13, item 5): empty replies used to count as zero bytes, so a client that
// never read could make the server hold millions of them.
TEST(OutboundQueueTest, TinyFramesCountTheirOverhead) {
  OutboundQueue queue(64 * kOverhead, 64 * kOverhead);
  size_t accepted = 0;
  while (queue.try_push(frame(0)) && accepted < 1'000'000) ++accepted;
  EXPECT_EQ(accepted, 64u);
}

TEST(OutboundQueueTest, OneLargeFrameFitsAnEmptyQueue) {
  OutboundQueue queue(100, 100);
  EXPECT_TRUE(queue.try_push(frame(500)));
  EXPECT_FALSE(queue.try_push(frame(1)));
}

// Regression (issue 13, item 1): a snapshot larger than the live limit used to close the
// connection of every client, however fast it read.
TEST(OutboundQueueTest, BulkFramesHaveTheirOwnLimit) {
  const size_t live_limit = 100 + kOverhead;
  OutboundQueue queue(live_limit, 10'000);
  for (int i = 0; i < 20; ++i) ASSERT_TRUE(queue.try_push(frame(300), /*bulk=*/true));
  EXPECT_EQ(queue.bulk_bytes(), 20 * (300 + kOverhead));
  // Live events after the snapshot still get their whole allowance.
  EXPECT_TRUE(queue.try_push(frame(100)));
  EXPECT_FALSE(queue.try_push(frame(1)));
  // Bulk beyond its own limit is refused.
  EXPECT_FALSE(queue.try_push(frame(9'000), /*bulk=*/true));
  // Writing releases the class the frame was counted in.
  queue.take();
  queue.written();
  EXPECT_EQ(queue.bulk_bytes(), 19 * (300 + kOverhead));
  EXPECT_EQ(queue.live_bytes(), 100 + kOverhead);
}

TEST(OutboundQueueTest, ReportsWhatItHoldsToTheServerTotal) {
  std::atomic<size_t> total{0};
  {
    OutboundQueue first(1000, 1000, &total);
    OutboundQueue second(1000, 1000, &total);
    first.try_push(frame(10));
    second.try_push(frame(20), /*bulk=*/true);
    second.try_push(frame(30));
    EXPECT_EQ(total.load(), 60u + 3 * kOverhead);
    second.take();
    second.written();
    EXPECT_EQ(total.load(), 40u + 2 * kOverhead);
    second.clear();
    EXPECT_EQ(total.load(), 10u + kOverhead);
  }
  EXPECT_EQ(total.load(), 0u);  // a queue destroyed with frames gives them back too
}

TEST(OutboundQueueTest, ClearKeepsTheFrameBeingWritten) {
  OutboundQueue queue(1000, 1000);
  queue.try_push(frame(30));
  queue.try_push(frame(30), /*bulk=*/true);
  queue.take();
  queue.clear();
  EXPECT_TRUE(queue.empty());
  EXPECT_EQ(queue.bytes(), 30u + kOverhead);
  queue.written();
  EXPECT_EQ(queue.bytes(), 0u);
}

}  // namespace
}  // namespace exchange::net::testing
