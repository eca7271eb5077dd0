#pragma once
// A started Server (port 0, two I/O threads) wired to a FakeSequencer, plus message builders.

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "client_message.pb.h"
#include "fake_sequencer.h"
#include "net/server.h"
#include "test_client.h"

namespace exchange::net::testing {

inline websocket_api::ClientMessage authenticate(const std::string& jwt,
                                                 const std::string& request_id) {
  websocket_api::ClientMessage message;
  message.set_request_id(request_id);
  message.mutable_authenticate()->set_jwt(jwt);
  return message;
}

// Any request other than Authenticate.
inline websocket_api::ClientMessage act_as(const std::string& request_id) {
  websocket_api::ClientMessage message;
  message.set_request_id(request_id);
  message.mutable_act_as()->set_account_id(7);
  return message;
}

inline std::shared_ptr<const std::string> frame_with_request_id(const std::string& request_id) {
  websocket_api::ServerMessage message;
  message.set_request_id(request_id);
  message.mutable_acting_as()->set_account_id(99);
  return std::make_shared<const std::string>(message.SerializeAsString());
}

class ServerTest : public ::testing::Test {
 protected:
  static ServerOptions default_options() {
    ServerOptions options;
    options.address = "127.0.0.1";
    options.port = 0;
    options.io_threads = 2;
    return options;
  }

  void start(ServerOptions options = default_options()) {
    server_ = std::make_unique<Server>(std::move(options), sequencer_.hooks());
    sequencer_.set_server(server_.get());
    port_ = server_->start();
  }

  void TearDown() override {
    if (!server_) return;
    server_->stop();
    sequencer_.stop();
    // However each connection ended, the sequencer heard of it exactly once.
    for (const auto& [session, count] : sequencer_.closed_counts()) {
      EXPECT_EQ(count, 1) << "kClosed count of session " << session;
    }
    server_.reset();
  }

  // Logs `client` in with a good token; returns its session id (0 on failure).
  messaging::SessionId login(WsClient& client, const std::string& request_id) {
    if (!client.send(authenticate("good", request_id))) return 0;
    auto reply = client.read();
    if (!reply || !reply->has_authenticated() || reply->request_id() != request_id) return 0;
    return sequencer_.session_of_login(request_id);
  }

  void deliver(messaging::Outbox outbox) {
    server_->deliver(std::make_shared<const messaging::Outbox>(std::move(outbox)));
  }

  FakeSequencer sequencer_;
  std::unique_ptr<Server> server_;
  uint16_t port_ = 0;
};

}  // namespace exchange::net::testing
