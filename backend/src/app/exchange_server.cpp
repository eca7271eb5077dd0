#include "app/exchange_server.h"

#include <spdlog/spdlog.h>

#include <filesystem>

#include "auth/test_token.h"

namespace exchange::app {
namespace {

net::LoginCheck verify_login(const Config& config, const websocket_api::Authenticate& request) {
  if (config.insecure_test_auth && auth::is_test_token(request.jwt())) {
    if (auto identity = auth::parse_test_token(request.jwt())) return {*identity, {}};
  }
  return {std::nullopt, "JWT validation failed"};
}

}  // namespace

ExchangeServer::ExchangeServer(Config config) : config_(std::move(config)) {
  std::filesystem::create_directories(config_.data_dir);
  engine::SequencerOptions sequencer_options;
  sequencer_options.database_path =
      (std::filesystem::path(config_.data_dir) / "exchange.db").string();
  sequencer_options.sync =
      config_.sync == "full" ? store::Database::Sync::kFull : store::Database::Sync::kNormal;
  sequencer_options.rate_limits = config_.rate_limits == "on";
  sequencer_ = std::make_unique<engine::Sequencer>(
      sequencer_options,
      [this](std::shared_ptr<const engine::Outbox> outbox) { server_->deliver(std::move(outbox)); });

  net::ServerOptions server_options;
  server_options.address = config_.address;
  server_options.port = config_.port;
  server_options.io_threads = config_.io_threads;
  server_options.max_inbound_message_bytes = config_.max_message_bytes;
  server_options.max_outbound_queue_bytes = config_.max_outbound_bytes;
  server_options.web_dir = config_.web_dir;
  net::ServerHooks hooks;
  hooks.submit = [this](engine::Inbound input) { sequencer_->submit(std::move(input)); };
  hooks.verify_login = [this](const websocket_api::Authenticate& request) {
    return verify_login(config_, request);
  };
  hooks.healthy = [this] { return sequencer_->healthy(); };
  server_ = std::make_unique<net::Server>(server_options, hooks);
}

ExchangeServer::~ExchangeServer() { stop(); }

uint16_t ExchangeServer::start() {
  if (config_.insecure_test_auth) {
    spdlog::warn("*** --insecure-test-auth is ON: anyone can log in as anyone with a test token."
                 " Never use this outside tests. ***");
  }
  sequencer_->start();
  stopped_ = false;
  return server_->start();
}

void ExchangeServer::stop() {
  if (stopped_) return;
  stopped_ = true;
  sequencer_->stop();
  server_->stop();
}

}  // namespace exchange::app
