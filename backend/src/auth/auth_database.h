#pragma once
// The auth tables' own SQLite connection to the global database (<data-dir>/global.db), beside
// the cohort directory's (WAL lets both work; the busy timeout waits out the other's commits).
// One connection is used by one thread at a time, so every use goes through with().

#include <mutex>
#include <string>

#include "store/database.h"

namespace exchange::auth {

class AuthDatabase {
 public:
  // Opens the global database and applies its pending migrations. Throws StoreError.
  explicit AuthDatabase(const std::string& path);

  // Runs body(store::Database&) under the connection's lock and returns its result.
  template <class Body>
  auto with(Body&& body) {
    std::lock_guard lock(mutex_);
    return body(db_);
  }

 private:
  std::mutex mutex_;
  store::Database db_;
};

// Seconds since the Unix epoch: the time stamps of the auth tables.
int64_t unix_now();

}  // namespace exchange::auth
