#include "app/exchange_server.h"

#include "app/image_routes.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <filesystem>

namespace exchange::app {
namespace {

auth::PasswordCost password_cost(const std::string& name) {
  if (name == "interactive") return auth::PasswordCost::kInteractive;
  if (name == "minimum") return auth::PasswordCost::kMinimum;
  return auth::PasswordCost::kModerate;
}

auth::AuthOptions auth_options(const Config& config) {
  auth::AuthOptions options;
  options.data_dir = config.data_dir;
  options.oidc_issuer = config.oidc_issuer;
  options.oidc_audiences = auth::split_list(config.oidc_audience);
  options.oidc_client_id = config.oidc_client_id;
  options.admin_role = config.admin_role;
  options.registration_open = config.registration != "closed";
  options.password_cost = password_cost(config.password_cost);
  options.accept_test_tokens = config.insecure_test_auth;
  options.trust_forwarded_for = config.trust_forwarded_for;
  options.login_limits = {config.login_failures_allowed, config.login_failure_window};
  return options;
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
      sequencer_options, [this](std::shared_ptr<const engine::Outbox> outbox) {
        server_->deliver(std::move(outbox));
      });
  // After the sequencer: it has migrated the database the auth tables live in.
  auth_ = std::make_unique<auth::Authentication>(auth_options(config_));

  net::ServerOptions server_options;
  server_options.address = config_.address;
  server_options.port = config_.port;
  server_options.io_threads = config_.io_threads;
  server_options.max_inbound_message_bytes = config_.max_message_bytes;
  server_options.max_outbound_queue_bytes = config_.max_outbound_bytes;
  server_options.web_dir = config_.web_dir;
  server_options.worker_threads = static_cast<size_t>(config_.worker_threads);
  // Room for an image at the upload limit plus its multipart framing.
  server_options.max_http_body_bytes =
      std::max(server_options.max_http_body_bytes, config_.max_upload_bytes + (64 << 10));
  net::ServerHooks hooks;
  hooks.submit = [this](engine::Inbound input) { sequencer_->submit(std::move(input)); };
  hooks.verify_login = [this](const websocket_api::Authenticate& request) {
    return auth_->verify_login(request);
  };
  hooks.healthy = [this] { return sequencer_->healthy(); };
  server_ = std::make_unique<net::Server>(server_options, hooks);
  auth_->add_routes(*server_);
  add_image_routes(*server_, std::make_shared<const net::ImageStore>(
                                 (std::filesystem::path(config_.data_dir) / "uploads").string(),
                                 config_.max_upload_bytes));
}

ExchangeServer::~ExchangeServer() {
  stop();
}

uint16_t ExchangeServer::start() {
  if (config_.insecure_test_auth) {
    spdlog::warn(
        "*** --insecure-test-auth is ON: anyone can log in as anyone with a test token."
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
