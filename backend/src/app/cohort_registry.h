#pragma once
// The cohorts this process serves (cohorts.md 2.3): one exchange instance per cohort of the
// global database, each with its own SQLite file and threads, found by name for WebSocket
// upgrades and by id for each input. Cohorts are added while running (admin API), never
// removed; a cohort whose database cannot be opened at start is logged and left out (still
// listed by the HTTP API, its socket answers 404).
//
// Several processes may share one data directory, each serving some cohorts (--serve-cohorts,
// docs/scaling.md): the others' cohorts are left out the same way, a cohort created here for
// another process gets only its file, and one created elsewhere for this process is loaded at
// its first socket. The switches and the default, which another process may change, are
// re-read with refresh(). A cohort is opened only with its lock (app/cohort_lock.h), so two
// processes never run the same cohort, whatever their flags say.

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <mutex>
#include <memory>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <vector>

#include "app/cohort_lock.h"
#include "cohorts/directory.h"
#include "engine/exchange_instance.h"
#include "messaging/cohort_flags.h"
#include "metrics/cohort_sink.h"

namespace exchange::app {

struct CohortSettings {
  std::filesystem::path data_dir;
  store::Database::Sync sync = store::Database::Sync::kNormal;
  bool rate_limits = true;
  engine::WriterFactory make_writer;  // test seam
  // The names of the cohorts this process serves; empty: every cohort.
  std::vector<std::string> served;
  // The metrics sink of a cohort's exchange (by id and name); unset: counted nowhere.
  std::function<std::shared_ptr<metrics::CohortSink>(messaging::CohortId, const std::string&)>
      metrics;
};

class CohortRegistry {
 public:
  CohortRegistry(cohorts::Directory& directory, CohortSettings settings,
                 engine::ExchangeInstance::Deliver deliver);
  ~CohortRegistry();  // stop()

  // Opens every cohort of the directory; one that fails is logged and skipped.
  void open_all();
  void start();
  void stop();
  // Opens (creating the file when `create`) and, if running, starts a cohort's exchange. A
  // cohort another process serves is not opened; `create` still creates its (empty) file, which
  // its owner migrates when it loads it. Throws on failure (store::StoreError, or
  // std::runtime_error for a missing file or a cohort another process has open).
  void open(const cohorts::CohortRecord& record, bool create);
  // Whether this process serves the named cohort.
  bool serves(std::string_view name) const;
  // Re-reads the default cohort and the loaded cohorts' switches from the global database,
  // where another process sharing it may have changed them.
  void refresh();

  // The default cohort (the /api socket), mirrored from the global configuration.
  void set_default(std::optional<messaging::CohortId> id);
  // The cohort a socket name reaches: "" is the default cohort (the /api socket).
  std::optional<messaging::CohortId> find(std::string_view name) const;
  // find(), and when that misses a cohort this process serves by an explicit list, created in
  // the global database since (by another process): loads it now. For WebSocket upgrades.
  std::optional<messaging::CohortId> find_or_load(std::string_view name);
  bool loaded(messaging::CohortId id) const;
  // Hands input to its cohort's exchange; false when that cohort is not loaded.
  bool submit(messaging::Inbound input);
  // Mirrors the cohort's switches into its running exchange.
  void set_flags(messaging::CohortId id, bool read_only, bool auctions_enabled);
  std::optional<bool> auctions_enabled(messaging::CohortId id) const;
  // Every loaded cohort's exchange is running and committing.
  bool healthy() const;
  // The absolute database path of a cohort record.
  std::filesystem::path database_path(const cohorts::CohortRecord& record) const;
  // For tests: the instance of a loaded cohort (nullptr otherwise).
  engine::ExchangeInstance* instance(messaging::CohortId id);

 private:
  struct Cohort {
    std::optional<CohortLock> lock;  // released after the instance is gone (declared first)
    std::string name;
    std::shared_ptr<messaging::CohortFlags> flags;
    std::unique_ptr<engine::ExchangeInstance> instance;
  };
  const Cohort* find_loaded(messaging::CohortId id) const;

  cohorts::Directory& directory_;
  CohortSettings settings_;
  engine::ExchangeInstance::Deliver deliver_;
  mutable std::shared_mutex mutex_;
  std::mutex load_mutex_;  // one find_or_load opens a cohort at a time
  std::map<messaging::CohortId, std::unique_ptr<Cohort>> cohorts_;
  std::optional<messaging::CohortId> default_;
  bool running_ = false;
};

}  // namespace exchange::app
