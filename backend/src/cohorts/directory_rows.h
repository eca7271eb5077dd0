#pragma once
// Small helpers the Directory's source files share.

#include <cstdint>
#include <optional>
#include <string>

#include "store/database.h"

namespace exchange::cohorts {

int64_t unix_seconds();
// The column's text, or nullopt for NULL.
std::optional<std::string> optional_text(const store::Statement& row, int column);

}  // namespace exchange::cohorts
