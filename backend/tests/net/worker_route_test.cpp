// Routes whose handlers run on the worker pool, the HttpContext handlers receive, and login
// verification off the I/O threads.

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <string>
#include <thread>

#include "net/worker_pool.h"
#include "server_fixture.h"

namespace exchange::net::testing {
namespace {

using WorkerRouteTest = ServerTest;

HttpResponse answer(const HttpRequest& request, std::string body) {
  HttpResponse response{http::status::ok, request.version()};
  response.body() = std::move(body);
  return response;
}

TEST_F(WorkerRouteTest, HandlersSeeTheRemoteAddress) {
  server_ = std::make_unique<Server>(default_options(), sequencer_.hooks());
  server_->add_route(http::verb::get, "/whoami",
                     [](const HttpRequest& request, const HttpContext& context) {
                       return answer(request, context.remote_address);
                     });
  server_->add_prefix_route(
      http::verb::get, "/slow/",
      [](const HttpRequest& request, const HttpContext& context) {
        return answer(request, "worker " + context.remote_address);
      },
      RunOn::kWorker);
  sequencer_.set_server(server_.get());
  port_ = server_->start();

  auto direct = http_request(port_, http::verb::get, "/whoami");
  ASSERT_TRUE(direct.has_value());
  EXPECT_EQ(direct->body(), "127.0.0.1");
  auto worker = http_request(port_, http::verb::get, "/slow/x");
  ASSERT_TRUE(worker.has_value());
  EXPECT_EQ(worker->body(), "worker 127.0.0.1");
  EXPECT_EQ((*worker)[http::field::access_control_allow_origin], "*");
}

// A worker route that blocks does not hold up requests on the same I/O threads.
TEST_F(WorkerRouteTest, BlockingHandlerDoesNotStallOtherRequests) {
  ServerOptions options = default_options();
  options.io_threads = 1;
  server_ = std::make_unique<Server>(options, sequencer_.hooks());
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  std::atomic<bool> entered{false};
  server_->add_route(
      http::verb::post, "/block",
      [&](const HttpRequest& request, const HttpContext&) {
        entered = true;
        released.wait();
        return answer(request, "done " + request.body());
      },
      RunOn::kWorker);
  server_->add_route(http::verb::get, "/fast",
                     [](const HttpRequest& request) { return answer(request, "fast"); });
  sequencer_.set_server(server_.get());
  port_ = server_->start();

  HttpClient blocked(port_);
  auto pending = std::async(std::launch::async,
                            [&] { return blocked.request(http::verb::post, "/block", "body"); });
  ASSERT_TRUE(wait_until([&] { return entered.load(); }));
  auto fast = http_request(port_, http::verb::get, "/fast");
  ASSERT_TRUE(fast.has_value());
  EXPECT_EQ(fast->body(), "fast");
  // A WebSocket login on the same (only) I/O thread goes through meanwhile as well.
  WsClient client(port_);
  EXPECT_NE(login(client, "a1"), 0u);

  release.set_value();
  auto response = pending.get();
  ASSERT_TRUE(response.has_value());
  EXPECT_EQ(response->body(), "done body");
  // The connection stays usable for the next request (keep-alive).
  auto again = blocked.request(http::verb::get, "/fast");
  ASSERT_TRUE(again.has_value());
  EXPECT_EQ(again->body(), "fast");
}

TEST_F(WorkerRouteTest, ThrowingWorkerHandlerAnswers500) {
  server_ = std::make_unique<Server>(default_options(), sequencer_.hooks());
  server_->add_route(
      http::verb::get, "/boom",
      [](const HttpRequest&, const HttpContext&) -> HttpResponse {
        throw std::runtime_error("boom");
      },
      RunOn::kWorker);
  sequencer_.set_server(server_.get());
  port_ = server_->start();
  auto response = http_request(port_, http::verb::get, "/boom");
  ASSERT_TRUE(response.has_value());
  EXPECT_EQ(response->result(), http::status::internal_server_error);
}

TEST_F(WorkerRouteTest, VerifyLoginRunsOffTheIoThread) {
  ServerHooks hooks = sequencer_.hooks();
  auto verify = hooks.verify_login;
  const auto test_thread = std::this_thread::get_id();
  std::atomic<std::thread::id> seen{test_thread};
  hooks.verify_login = [&, verify](messaging::CohortId cohort,
                                   const websocket_api::Authenticate& authenticate) {
    seen = std::this_thread::get_id();
    return verify(cohort, authenticate);
  };
  // The route below records the I/O thread's id.
  std::atomic<std::thread::id> io_thread{test_thread};
  ServerOptions options = default_options();
  options.io_threads = 1;
  server_ = std::make_unique<Server>(options, hooks);
  server_->add_route(http::verb::get, "/io", [&](const HttpRequest& request) {
    io_thread = std::this_thread::get_id();
    return answer(request, "");
  });
  sequencer_.set_server(server_.get());
  port_ = server_->start();
  ASSERT_TRUE(http_request(port_, http::verb::get, "/io").has_value());

  WsClient client(port_);
  ASSERT_TRUE(client.send(authenticate("bad", "b1")));
  auto refused = client.read();
  ASSERT_TRUE(refused.has_value());
  EXPECT_EQ(refused->request_failed().error_details().message(), "JWT validation failed");
  EXPECT_EQ(refused->request_id(), "b1");
  EXPECT_NE(login(client, "a1"), 0u);
  EXPECT_NE(seen.load(), test_thread);
  EXPECT_NE(seen.load(), io_thread.load());
}

TEST(WorkerPool, RunsJobsAndDropsQueuedOnesAtStop) {
  WorkerPool pool(1, 1);
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  std::atomic<int> ran{0};
  std::atomic<bool> started{false};
  ASSERT_TRUE(pool.post([&] {
    started = true;
    released.wait();
    ++ran;
  }));
  ASSERT_TRUE(wait_until([&] { return started.load(); }));
  auto owned = std::make_shared<int>(1);
  ASSERT_TRUE(pool.post([&, owned] { ++ran; }));
  EXPECT_FALSE(pool.post([&] { ++ran; }));  // the queue holds one job at most
  std::thread stopper([&] { pool.stop(); });
  ASSERT_TRUE(wait_until([&] { return owned.use_count() == 1; }));  // dropped by stop()
  release.set_value();
  stopper.join();
  EXPECT_EQ(ran.load(), 1);                 // the running job finished; the queued one never ran
  EXPECT_EQ(owned.use_count(), 1);          // and was destroyed
  EXPECT_FALSE(pool.post([&] { ++ran; }));  // refused after stop
  EXPECT_EQ(ran.load(), 1);
}

}  // namespace
}  // namespace exchange::net::testing
