#include "auth/auth_database.h"

#include <chrono>

#include "store/migrations.h"

namespace exchange::auth {

AuthDatabase::AuthDatabase(const std::string& path, bool migrate)
    : db_(path, store::Database::Access::kReadWrite) {
  if (migrate) store::migrate(db_);
}

int64_t unix_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace exchange::auth
