#include "auth/auth_database.h"

#include <chrono>

#include "store/migrations.h"

namespace exchange::auth {

AuthDatabase::AuthDatabase(const std::string& path)
    : db_(path, store::Database::Access::kReadWrite) {
  store::migrate(db_, store::embedded_global_migrations());
}

int64_t unix_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace exchange::auth
