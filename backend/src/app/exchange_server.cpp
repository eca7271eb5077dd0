#include "app/exchange_server.h"

#include "app/auth_routes.h"
#include "uploads/image_routes.h"

#include <spdlog/spdlog.h>

#include <sys/stat.h>

#include <algorithm>
#include <filesystem>
#include <string_view>

namespace exchange::app {
namespace {

auth::PasswordCost password_cost(const std::string& name) {
  if (name == "interactive") return auth::PasswordCost::kInteractive;
  if (name == "minimum") return auth::PasswordCost::kMinimum;
  if (name == "moderate") return auth::PasswordCost::kModerate;
  return auth::PasswordCost::kOwasp;
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
  options.trusted_proxies = config.trusted_proxies;
  if (config.trust_forwarded_for) {  // the old flag: a reverse proxy on this host
    options.trusted_proxies.insert(options.trusted_proxies.end(), {"127.0.0.1", "::1"});
  }
  options.login_limits = {config.login_failures_allowed, config.login_failure_window};
  options.throttle_logins = config.rate_limits == "on";
  options.registration_limits = {config.registrations_burst, config.registration_interval};
  options.login_attempt_limits = {config.login_attempts_burst, config.login_attempt_interval};
  options.setup_code = config.setup_code;
  return options;
}

// "https://host[:port]" of a URL, for a Content-Security-Policy source ("" for "").
std::string origin_of(const std::string& url) {
  const size_t scheme_end = url.find("://");
  if (scheme_end == std::string::npos) return "";
  return url.substr(0, url.find('/', scheme_end + 3));
}

// The data directory holds password hashes, the token signing key and the users' images:
// only the server's own user may read it. The umask makes every file created from now on
// private (SQLite's -wal and -shm files too); chmod fixes what an earlier version created.
void make_data_dir_private(const std::filesystem::path& data_dir) {
  namespace fs = std::filesystem;
  ::umask(077);
  fs::create_directories(data_dir);
  fs::create_directories(data_dir / "uploads");
  std::error_code error;
  fs::permissions(data_dir, fs::perms::owner_all, error);
  fs::permissions(data_dir / "uploads", fs::perms::owner_all, error);
  // Only the files the server writes, by name: --data-dir may point at a directory that holds
  // other things too.
  for (const auto& entry : fs::directory_iterator(data_dir, error)) {
    const std::string name = entry.path().filename().string();
    const bool ours = name.ends_with(".db") || name.ends_with(".db-wal") ||
                      name.ends_with(".db-shm") || name.ends_with(".db-journal") ||
                      name.ends_with(".pem");
    if (ours && entry.is_regular_file(error)) {
      fs::permissions(entry.path(), fs::perms::owner_read | fs::perms::owner_write, error);
    }
  }
}

}  // namespace

ExchangeServer::ExchangeServer(Config config, ServerSeams seams) : config_(std::move(config)) {
  make_data_dir_private(config_.data_dir);
  engine::InstanceOptions instance_options;
  instance_options.database_path =
      (std::filesystem::path(config_.data_dir) / "exchange.db").string();
  instance_options.sync =
      config_.sync == "full" ? store::Database::Sync::kFull : store::Database::Sync::kNormal;
  instance_options.rate_limits = config_.rate_limits == "on";
  instance_options.make_writer = std::move(seams.make_writer);
  instance_ = std::make_unique<engine::ExchangeInstance>(
      std::move(instance_options), [this](std::shared_ptr<const messaging::Outbox> outbox) {
        server_->deliver(std::move(outbox));
      });
  // After the instance: it has migrated the database the auth tables live in.
  auth::AuthOptions options = auth_options(config_);
  options.on_user_registered = [this](messaging::Identity identity) { provision(std::move(identity)); };
  auth_ = std::make_unique<auth::Authentication>(std::move(options));

  net::ServerOptions server_options;
  server_options.address = config_.address;
  server_options.port = config_.port;
  server_options.io_threads = config_.io_threads;
  server_options.max_inbound_message_bytes = config_.max_message_bytes;
  server_options.max_outbound_queue_bytes = config_.max_outbound_bytes;
  server_options.max_bulk_queue_bytes = config_.max_bulk_outbound_bytes;
  server_options.max_total_queue_bytes = config_.max_queued_bytes;
  server_options.max_connections = config_.max_connections;
  server_options.max_connections_per_address = config_.max_connections_per_address;
  server_options.login_timeout = config_.login_timeout;
  server_options.write_stall_timeout = config_.write_stall_timeout;
  server_options.web_dir = config_.web_dir;
  server_options.worker_threads = static_cast<size_t>(config_.worker_threads);
  server_options.http_idle_timeout = config_.http_idle_timeout;
  server_options.http_request_timeout = config_.http_request_timeout;
  server_options.csp_connect_sources = origin_of(config_.oidc_issuer);
  // Room for an image at the upload limit plus its multipart framing.
  server_options.max_http_body_bytes =
      std::max(server_options.max_http_body_bytes, config_.max_upload_bytes + (64 << 10));
  net::ServerHooks hooks;
  // A refusal (instance stopped) is answered by the instance itself.
  hooks.submit = [this](messaging::Inbound input) { instance_->submit(std::move(input)); };
  hooks.verify_login = [this](const websocket_api::Authenticate& request) {
    std::optional<messaging::Identity> identity = auth_->verify_login(request);
    return identity ? net::LoginCheck{std::move(*identity), {}}
                    : net::LoginCheck{std::nullopt, auth::kLoginFailed};
  };
  hooks.healthy = [this] { return instance_->healthy(); };
  server_ = std::make_unique<net::Server>(server_options, hooks);
  add_auth_routes(*server_, *auth_);
  uploads::ImageLimits image_limits;
  image_limits.max_image_bytes = config_.max_upload_bytes;
  image_limits.max_images_per_user = config_.max_upload_images_per_user;
  image_limits.max_bytes_per_user = config_.max_upload_bytes_per_user;
  image_limits.max_total_bytes = config_.max_upload_total_bytes;
  uploads::add_image_routes(*server_,
                   std::make_shared<uploads::ImageStore>(
                       (std::filesystem::path(config_.data_dir) / "uploads").string(),
                       image_limits),
                   [this](std::string_view token) { return auth_->verify_bearer(token); });
}

void ExchangeServer::provision(messaging::Identity identity) {
  messaging::Inbound input;
  input.kind = messaging::Inbound::Kind::kProvision;
  input.identity = std::move(identity);
  instance_->submit(std::move(input));
}

ExchangeServer::~ExchangeServer() {
  stop();
  // Also when never started: whatever the instance still says must reach a live server_.
  instance_->stop();
}

uint16_t ExchangeServer::start() {
  if (config_.insecure_test_auth) {
    spdlog::warn(
        "*** --insecure-test-auth is ON: anyone can log in as anyone with a test token."
        " Never use this outside tests. ***");
  }
  instance_->start();
  stopped_ = false;
  for (messaging::Identity& identity : auth_->builtin_identities()) provision(std::move(identity));
  return server_->start();
}

void ExchangeServer::stop() {
  if (stopped_) return;
  stopped_ = true;
  instance_->stop();
  server_->stop();
}

}  // namespace exchange::app
