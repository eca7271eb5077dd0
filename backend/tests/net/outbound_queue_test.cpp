// The per-session outbound queue: FIFO order and its byte bound.

#include "net/outbound_queue.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>

namespace exchange::net::testing {
namespace {

Frame frame(size_t size, char fill = 'x') {
  return std::make_shared<const std::string>(size, fill);
}

TEST(OutboundQueueTest, KeepsOrderAndCountsBytesUntilWritten) {
  OutboundQueue queue(100);
  ASSERT_TRUE(queue.try_push(frame(10, 'a')));
  ASSERT_TRUE(queue.try_push(frame(20, 'b')));
  EXPECT_EQ(queue.bytes(), 30u);
  Frame first = queue.take();
  EXPECT_EQ((*first)[0], 'a');
  EXPECT_EQ(queue.bytes(), 30u);  // still being written
  queue.written();
  EXPECT_EQ(queue.bytes(), 20u);
  EXPECT_EQ((*queue.take())[0], 'b');
  queue.written();
  EXPECT_TRUE(queue.empty());
  EXPECT_EQ(queue.bytes(), 0u);
}

TEST(OutboundQueueTest, RefusesWhatWouldPassTheLimit) {
  OutboundQueue queue(100);
  ASSERT_TRUE(queue.try_push(frame(60)));
  queue.take();  // being written: still counted
  EXPECT_TRUE(queue.try_push(frame(40)));
  EXPECT_FALSE(queue.try_push(frame(1)));
  EXPECT_EQ(queue.bytes(), 100u);
}

TEST(OutboundQueueTest, OneLargeFrameFitsAnEmptyQueue) {
  OutboundQueue queue(100);
  EXPECT_TRUE(queue.try_push(frame(500)));
  EXPECT_FALSE(queue.try_push(frame(1)));
}

TEST(OutboundQueueTest, ClearKeepsTheFrameBeingWritten) {
  OutboundQueue queue(100);
  queue.try_push(frame(30));
  queue.try_push(frame(30));
  queue.take();
  queue.clear();
  EXPECT_TRUE(queue.empty());
  EXPECT_EQ(queue.bytes(), 30u);
  queue.written();
  EXPECT_EQ(queue.bytes(), 0u);
}

}  // namespace
}  // namespace exchange::net::testing
