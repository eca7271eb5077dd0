#include "app/exchange_server.h"

#include "app/auth_routes.h"
#include "app/cohort_login.h"
#include "app/cohort_routes.h"
#include "cohorts/cohort_rules.h"
#include "cohorts/data_dir.h"
#include "uploads/image_routes.h"

#include <fmt/ranges.h>
#include <spdlog/spdlog.h>

#include <sys/stat.h>

#include <algorithm>
#include <filesystem>
#include <stdexcept>
#include <string_view>

namespace exchange::app {
namespace {

auth::PasswordCost password_cost(const std::string& name) {
  if (name == "interactive") return auth::PasswordCost::kInteractive;
  if (name == "minimum") return auth::PasswordCost::kMinimum;
  if (name == "moderate") return auth::PasswordCost::kModerate;
  return auth::PasswordCost::kOwasp;
}

std::string trimmed(const std::string& text) {
  const size_t first = text.find_first_not_of(" \t");
  if (first == std::string::npos) return "";
  return text.substr(first, text.find_last_not_of(" \t") - first + 1);
}

auth::AuthOptions auth_options(const Config& config) {
  auth::AuthOptions options;
  options.data_dir = config.data_dir;
  options.oidc_issuer = config.oidc_issuer;
  options.oidc_audiences = auth::split_list(config.oidc_audience);
  options.oidc_client_id = config.oidc_client_id;
  options.admin_role = config.admin_role;
  options.admin_m2m_client_ids = auth::split_list(config.admin_m2m_client_ids);
  options.arbor_pixie_client_id = trimmed(config.arbor_pixie_m2m_client_id);
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
  std::error_code error;
  for (const fs::path& dir : {data_dir, data_dir / "uploads", data_dir / "cohorts"}) {
    fs::create_directories(dir);
    fs::permissions(dir, fs::perms::owner_all, error);
  }
  // Only the files the server writes, by name: --data-dir may point at a directory that holds
  // other things too.
  for (const fs::path& dir : {data_dir, data_dir / "cohorts"}) {
    for (const auto& entry : fs::directory_iterator(dir, error)) {
      const std::string name = entry.path().filename().string();
      const bool ours = name.ends_with(".db") || name.ends_with(".db-wal") ||
                        name.ends_with(".db-shm") || name.ends_with(".db-journal") ||
                        name.ends_with(".db.lock") ||
                        name.ends_with(".pem");
      if (ours && entry.is_regular_file(error)) {
        fs::permissions(entry.path(), fs::perms::owner_read | fs::perms::owner_write, error);
      }
    }
  }
}

}  // namespace

ExchangeServer::ExchangeServer(Config config, ServerSeams seams) : config_(std::move(config)) {
  // An empty EXCHANGE_SERVE_COHORTS (or a trailing comma) names no cohort: it is not an error.
  std::erase(config_.serve_cohorts, std::string());
  for (const std::string& name : config_.serve_cohorts) {
    if (std::optional<std::string> problem = cohorts::cohort_name_problem(name)) {
      throw std::runtime_error("--serve-cohorts: \"" + name + "\": " + *problem);
    }
  }
  make_data_dir_private(config_.data_dir);
  if (!metrics_disabled(config_.metrics_listen)) {
    // Monitoring must not keep a class from trading: an address that cannot be bound (another
    // exchange on this machine holds the default port) is logged, and the server runs without
    // metrics.
    try {
      metrics_ = std::make_unique<PrometheusMetrics>(config_.metrics_listen);
      spdlog::info("metrics served at http://{}/metrics (port {})", config_.metrics_listen,
                   metrics_->port());
    } catch (const std::exception& error) {
      spdlog::error("metrics are NOT served: {} (set --metrics-listen to a free address, or off)",
                    error.what());
    }
  }
  const std::string global_path = cohorts::global_database_path(config_.data_dir).string();
  directory_ = std::make_unique<cohorts::Directory>(global_path);
  cohorts::prepare_data_dir(*directory_, config_.data_dir);
  CohortSettings settings;
  settings.data_dir = config_.data_dir;
  settings.sync =
      config_.sync == "full" ? store::Database::Sync::kFull : store::Database::Sync::kNormal;
  settings.rate_limits = config_.rate_limits == "on";
  settings.make_writer = std::move(seams.make_writer);
  settings.served = config_.serve_cohorts;
  if (metrics_) {
    settings.metrics = [metrics = metrics_.get()](messaging::CohortId id, const std::string& name) {
      return metrics->cohort(id, name);
    };
  }
  registry_ = std::make_unique<CohortRegistry>(
      *directory_, std::move(settings), [this](std::shared_ptr<const messaging::Outbox> outbox) {
        server_->deliver(std::move(outbox));
      });
  registry_->open_all();
  auth::AuthOptions options = auth_options(config_);
  options.database_path = global_path;
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
  hooks.submit = [this](messaging::Inbound input) { registry_->submit(std::move(input)); };
  hooks.find_cohort = [this](std::string_view name) { return registry_->find_or_load(name); };
  hooks.verify_login = [this](messaging::CohortId cohort,
                              const websocket_api::Authenticate& request) {
    return admit_login(*auth_, *directory_, *registry_, cohort, request);
  };
  hooks.healthy = [this] { return registry_->healthy(); };
  if (metrics_) hooks.metrics = metrics_->connections();
  server_ = std::make_unique<net::Server>(server_options, hooks);
  if (metrics_) {
    metrics_->read_at_scrape({[this] { return server_->connection_count(); },
                              [this] { return server_->queued_bytes(); }});
  }
  add_auth_routes(*server_, *auth_);
  add_cohort_routes(*server_, CohortRouteEnv{auth_.get(), directory_.get(), registry_.get(),
                                             std::filesystem::path(config_.data_dir)});
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
  std::optional<messaging::Identity> enrolled =
      enrol_in_default_cohort(*directory_, *registry_, identity, &input.cohort);
  if (!enrolled) return;  // no default cohort: an instructor adds the user to one
  input.identity = std::move(*enrolled);
  registry_->submit(std::move(input));
}

engine::ExchangeInstance& ExchangeServer::instance() {
  engine::ExchangeInstance* instance = registry_->instance(registry_->find("").value_or(0));
  if (instance == nullptr) throw std::logic_error("no default cohort is loaded");
  return *instance;
}

ExchangeServer::~ExchangeServer() {
  stop();
  // Also when never started: whatever the instances still say must reach a live server_.
  registry_->stop();
}

uint16_t ExchangeServer::start() {
  if (config_.insecure_test_auth) {
    spdlog::warn(
        "*** --insecure-test-auth is ON: anyone can log in as anyone with a test token."
        " Never use this outside tests. ***");
  }
  registry_->start();
  stopped_ = false;
  if (!config_.serve_cohorts.empty()) {
    spdlog::info("serving cohorts {} of the data directory (--serve-cohorts)",
                 fmt::join(config_.serve_cohorts, ", "));
    refresher_ = std::jthread([this](std::stop_token stop) {
      std::unique_lock lock(refresher_mutex_);
      while (true) {
        // Woken early only by stop()'s request (the predicate never holds).
        (void)refresher_wake_.wait_for(lock, stop, config_.cohort_refresh_interval,
                                       [] { return false; });
        if (stop.stop_requested()) return;
        try {
          registry_->refresh();
        } catch (const std::exception& error) {  // e.g. the database busy past its timeout
          spdlog::warn("cohort refresh failed: {}", error.what());
        }
      }
    });
  }
  // Users added with `exchange user add` while the server was down: people the global database
  // does not know yet.
  for (messaging::Identity& identity : auth_->builtin_identities()) {
    if (!directory_->person_by_subject(identity.subject)) provision(std::move(identity));
  }
  return server_->start();
}

void ExchangeServer::stop() {
  if (stopped_) return;
  stopped_ = true;
  if (refresher_.joinable()) {
    refresher_.request_stop();
    refresher_.join();
  }
  registry_->stop();
  server_->stop();
}

}  // namespace exchange::app
