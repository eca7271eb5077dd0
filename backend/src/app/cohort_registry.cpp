#include "app/cohort_registry.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <mutex>
#include <stdexcept>

#include "store/database.h"

namespace exchange::app {

CohortRegistry::CohortRegistry(cohorts::Directory& directory, CohortSettings settings,
                               engine::ExchangeInstance::Deliver deliver)
    : directory_(directory), settings_(std::move(settings)), deliver_(std::move(deliver)) {}

CohortRegistry::~CohortRegistry() { stop(); }

std::filesystem::path CohortRegistry::database_path(const cohorts::CohortRecord& record) const {
  return settings_.data_dir / record.db_path;
}

bool CohortRegistry::serves(std::string_view name) const {
  return settings_.served.empty() ||
         std::find(settings_.served.begin(), settings_.served.end(), name) != settings_.served.end();
}

void CohortRegistry::open_all() {
  set_default(directory_.default_cohort_id());
  for (const std::string& name : settings_.served) {
    if (!directory_.cohort(name)) {
      spdlog::info("cohort \"{}\" does not exist yet: it is loaded when it has been created", name);
    }
  }
  for (const cohorts::CohortRecord& record : directory_.cohorts()) {
    try {
      open(record, /*create=*/false);
    } catch (const std::exception& error) {
      spdlog::error("cohort \"{}\" is NOT served: its database {} cannot be opened: {}",
                    record.name, database_path(record).string(), error.what());
    }
  }
}

void CohortRegistry::open(const cohorts::CohortRecord& record, bool create) {
  const std::filesystem::path path = database_path(record);
  if (!serves(record.name)) {
    if (create) {
      std::filesystem::create_directories(path.parent_path());
      store::Database created(path.string(), store::Database::Access::kReadWrite);
    }
    spdlog::info("cohort \"{}\" is served by another process (--serve-cohorts)", record.name);
    return;
  }
  // A vanished database is not silently replaced by an empty exchange (cohorts.md 10.14).
  if (!create && !std::filesystem::exists(path)) {
    throw std::runtime_error("the file does not exist");
  }
  std::filesystem::create_directories(path.parent_path());
  auto cohort = std::make_unique<Cohort>();
  cohort->lock = CohortLock::take(path);
  if (!cohort->lock) {
    throw std::runtime_error("another process serves it (it holds " + path.string() + ".lock)");
  }
  cohort->name = record.name;
  cohort->flags = std::make_shared<messaging::CohortFlags>();
  cohort->flags->read_only = record.is_read_only;
  cohort->flags->auctions_enabled = record.auctions_enabled;
  engine::InstanceOptions options;
  options.database_path = path.string();
  options.sync = settings_.sync;
  options.rate_limits = settings_.rate_limits;
  options.make_writer = settings_.make_writer;
  options.cohort = record.id;
  options.flags = cohort->flags;
  if (settings_.metrics) options.metrics = settings_.metrics(record.id, record.name);
  cohort->instance = std::make_unique<engine::ExchangeInstance>(std::move(options), deliver_);
  std::unique_lock lock(mutex_);
  if (running_) cohort->instance->start();
  cohorts_[record.id] = std::move(cohort);
}

void CohortRegistry::start() {
  std::unique_lock lock(mutex_);
  running_ = true;
  for (auto& [id, cohort] : cohorts_) cohort->instance->start();
}

void CohortRegistry::stop() {
  std::shared_lock lock(mutex_);
  for (auto& [id, cohort] : cohorts_) cohort->instance->stop();
}

const CohortRegistry::Cohort* CohortRegistry::find_loaded(messaging::CohortId id) const {
  auto it = cohorts_.find(id);
  return it == cohorts_.end() ? nullptr : it->second.get();
}

void CohortRegistry::set_default(std::optional<messaging::CohortId> id) {
  std::unique_lock lock(mutex_);
  default_ = id;
}

std::optional<messaging::CohortId> CohortRegistry::find(std::string_view name) const {
  std::shared_lock lock(mutex_);
  if (name.empty()) {
    if (!default_ || find_loaded(*default_) == nullptr) return std::nullopt;
    return default_;
  }
  for (const auto& [cohort_id, cohort] : cohorts_) {
    if (cohort->name == name) return cohort_id;
  }
  return std::nullopt;
}

std::optional<messaging::CohortId> CohortRegistry::find_or_load(std::string_view name) {
  if (std::optional<messaging::CohortId> found = find(name)) return found;
  if (name.empty() || settings_.served.empty() || !serves(name)) return std::nullopt;
  std::lock_guard loading(load_mutex_);
  if (std::optional<messaging::CohortId> found = find(name)) return found;  // loaded meanwhile
  const std::optional<cohorts::CohortRecord> record = directory_.cohort(name);
  if (!record) return std::nullopt;
  try {
    open(*record, /*create=*/false);
  } catch (const std::exception& error) {
    spdlog::error("cohort \"{}\" cannot be loaded: its database {} cannot be opened: {}",
                  record->name, database_path(*record).string(), error.what());
    return std::nullopt;
  }
  spdlog::info("cohort \"{}\", created since start-up, is now served here", record->name);
  return find(name);
}

void CohortRegistry::refresh() {
  set_default(directory_.default_cohort_id());
  for (const cohorts::CohortRecord& record : directory_.cohorts()) {
    set_flags(record.id, record.is_read_only, record.auctions_enabled);
  }
}

bool CohortRegistry::loaded(messaging::CohortId id) const {
  std::shared_lock lock(mutex_);
  return find_loaded(id) != nullptr;
}

bool CohortRegistry::submit(messaging::Inbound input) {
  std::shared_lock lock(mutex_);
  const Cohort* cohort = find_loaded(input.cohort);
  if (cohort == nullptr) return false;
  return cohort->instance->submit(std::move(input));
}

void CohortRegistry::set_flags(messaging::CohortId id, bool read_only, bool auctions_enabled) {
  std::shared_lock lock(mutex_);
  if (const Cohort* cohort = find_loaded(id)) {
    cohort->flags->read_only = read_only;
    cohort->flags->auctions_enabled = auctions_enabled;
  }
}

std::optional<bool> CohortRegistry::auctions_enabled(messaging::CohortId id) const {
  std::shared_lock lock(mutex_);
  const Cohort* cohort = find_loaded(id);
  if (cohort == nullptr) return std::nullopt;
  return cohort->flags->auctions_enabled.load();
}

bool CohortRegistry::healthy() const {
  std::shared_lock lock(mutex_);
  for (const auto& [id, cohort] : cohorts_) {
    if (!cohort->instance->healthy()) return false;
  }
  return true;
}

engine::ExchangeInstance* CohortRegistry::instance(messaging::CohortId id) {
  std::shared_lock lock(mutex_);
  const Cohort* cohort = find_loaded(id);
  return cohort == nullptr ? nullptr : cohort->instance.get();
}

}  // namespace exchange::app
