// Shutdown of an exchange instance follows concurrency/work_queue.h: nothing queued is
// dropped without an answer. Regression: the history worker used to drop the requests still
// queued when it stopped.

#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <map>
#include <mutex>
#include <string>
#include <variant>
#include <vector>

#include "engine/exchange_instance.h"
#include "engine/history_worker.h"
#include "server_message.pb.h"
#include "store/database.h"
#include "store/migrations.h"

namespace exchange::engine {
namespace {

struct TempDir {
  std::filesystem::path dir = std::filesystem::temp_directory_path() /
                              ("instance-shutdown-test-" + std::to_string(::getpid()));
  std::string db_path = (dir / "exchange.db").string();
  TempDir() {
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
  }
  ~TempDir() { std::filesystem::remove_all(dir); }
};

// Every frame delivered, decoded, by session; and every kProcessed count.
class Recorder {
 public:
  HistoryWorker::Deliver deliver() {
    return [this](std::shared_ptr<const messaging::Outbox> outbox) {
      std::lock_guard lock(mutex_);
      for (const messaging::OutboxItem& item : outbox->items) {
        if (const auto* delivery = std::get_if<messaging::Delivery>(&item)) {
          websocket_api::ServerMessage message;
          EXPECT_TRUE(message.ParseFromString(*delivery->frame));
          for (messaging::SessionId session : delivery->sessions) {
            frames_[session].push_back(message);
          }
        } else if (const auto* control = std::get_if<messaging::SessionControl>(&item)) {
          if (control->kind == messaging::SessionControl::Kind::kProcessed) {
            processed_[control->session] += control->count;
          }
        }
      }
    };
  }
  std::vector<websocket_api::ServerMessage> frames(messaging::SessionId session) {
    std::lock_guard lock(mutex_);
    return frames_[session];
  }
  uint32_t processed(messaging::SessionId session) {
    std::lock_guard lock(mutex_);
    return processed_[session];
  }

 private:
  std::mutex mutex_;
  std::map<messaging::SessionId, std::vector<websocket_api::ServerMessage>> frames_;
  std::map<messaging::SessionId, uint32_t> processed_;
};

std::vector<api::HistoryRequest> history_requests(int count) {
  std::vector<api::HistoryRequest> requests;
  for (int i = 0; i < count; ++i) {
    api::HistoryRequest request;
    request.kind = api::HistoryRequest::Kind::kTrades;
    request.session = 7;
    request.request_id = "h" + std::to_string(i);
    request.market = 1;
    requests.push_back(std::move(request));
  }
  return requests;
}

std::vector<std::string> request_ids(const std::vector<websocket_api::ServerMessage>& frames) {
  std::vector<std::string> ids;
  for (const auto& frame : frames) ids.push_back(frame.request_id());
  return ids;
}

class HistoryWorkerShutdown : public ::testing::Test {
 protected:
  void SetUp() override {
    store::Database db(temp_.db_path, store::Database::Access::kReadWrite);
    store::migrate(db);
  }
  TempDir temp_;
  Recorder recorder_;
};

TEST_F(HistoryWorkerShutdown, AnswersEveryRequestQueuedBeforeStop) {
  HistoryWorker worker(temp_.db_path, recorder_.deliver());
  worker.start();
  worker.submit(history_requests(50));
  worker.stop();  // right away, with most of them still queued
  std::vector<std::string> expected;
  for (const auto& request : history_requests(50)) expected.push_back(request.request_id);
  EXPECT_EQ(request_ids(recorder_.frames(7)), expected);  // all of them, in order
}

TEST_F(HistoryWorkerShutdown, AnswersRequestsQueuedWithoutEverStarting) {
  HistoryWorker worker(temp_.db_path, recorder_.deliver());
  worker.submit(history_requests(3));
  worker.stop();
  EXPECT_EQ(request_ids(recorder_.frames(7)), (std::vector<std::string>{"h0", "h1", "h2"}));
}

TEST_F(HistoryWorkerShutdown, AnswersRequestsSubmittedAfterStop) {
  HistoryWorker worker(temp_.db_path, recorder_.deliver());
  worker.start();
  worker.stop();
  worker.submit(history_requests(2));
  EXPECT_EQ(request_ids(recorder_.frames(7)), (std::vector<std::string>{"h0", "h1"}));
}

TEST(ExchangeInstanceShutdown, RefusesInputAfterStopWithAnAnswer) {
  TempDir temp;
  Recorder recorder;
  InstanceOptions options;
  options.database_path = temp.db_path;
  ExchangeInstance instance(options, recorder.deliver());
  instance.start();
  EXPECT_TRUE(instance.healthy());
  instance.stop();
  EXPECT_FALSE(instance.healthy());

  messaging::Inbound request;
  request.kind = messaging::Inbound::Kind::kRequest;
  request.session = 3;
  request.message.set_request_id("r1");
  request.message.mutable_create_market()->set_name("late");
  EXPECT_FALSE(instance.submit(request));
  const auto frames = recorder.frames(3);
  ASSERT_EQ(frames.size(), 1u);
  EXPECT_TRUE(frames[0].has_request_failed());
  EXPECT_EQ(frames[0].request_id(), "r1");
  EXPECT_EQ(frames[0].request_failed().request_details().kind(), "CreateMarket");
  EXPECT_EQ(recorder.processed(3), 1u);  // the session's in-flight count is released

  messaging::Inbound closed;
  closed.kind = messaging::Inbound::Kind::kClosed;
  closed.session = 4;
  EXPECT_FALSE(instance.submit(closed));
  EXPECT_TRUE(recorder.frames(4).empty());  // nothing to answer
}

}  // namespace
}  // namespace exchange::engine
