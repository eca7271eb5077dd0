#pragma once
// Which process serves a cohort: an exclusive flock(2) on "<cohort database>.lock", held while
// the process has the cohort's exchange open. Several processes may share one data directory,
// each serving some cohorts (--serve-cohorts); two running the same cohort would each keep
// their own order books over one file. The kernel drops the lock when the process ends, however
// it ends, so there is nothing stale to clean up. Local file systems only (as SQLite's WAL).

#include <filesystem>
#include <optional>

namespace exchange::app {

class CohortLock {
 public:
  // Takes the lock of the database at `database`; nullopt when another process (or another
  // open of the same cohort in this one) holds it. Throws std::runtime_error when the lock
  // file cannot be opened.
  static std::optional<CohortLock> take(const std::filesystem::path& database);

  CohortLock(CohortLock&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }
  CohortLock& operator=(CohortLock&& other) noexcept;
  CohortLock(const CohortLock&) = delete;
  CohortLock& operator=(const CohortLock&) = delete;
  ~CohortLock();

 private:
  explicit CohortLock(int fd) : fd_(fd) {}
  int fd_ = -1;
};

}  // namespace exchange::app
