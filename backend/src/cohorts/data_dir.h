#pragma once
// The layout of a data directory with cohorts, and its preparation at start-up.
//
//   <data-dir>/global.db            people, cohorts, memberships, logins (Directory)
//   <data-dir>/cohorts/<name>.db    one exchange per cohort
//   <data-dir>/exchange.db          a data directory of a single-exchange release: upgraded in
//                                   place into the default cohort "main" (cohorts.md 9)

#include <filesystem>
#include <string>

#include "cohorts/directory.h"

namespace exchange::cohorts {

std::filesystem::path global_database_path(const std::filesystem::path& data_dir);
// Relative to the data directory, as the cohort table stores it.
std::string cohort_database_path(const std::string& cohort_name);

// Once per data directory (recorded in the global configuration, so a crash half-way retries):
// a directory of a single-exchange release (exchange.db) becomes the default cohort "main"
// with its file left where it is, its built-in logins and bot tokens copied into the global
// database, and every person with an account there a member (cohorts.md 9.2, without the
// "fake_id" row: 10.12); a new directory gets an empty default cohort "main". Both keep
// auctions enabled, as the single exchange had them. Throws store::StoreError.
void prepare_data_dir(Directory& directory, const std::filesystem::path& data_dir);

}  // namespace exchange::cohorts
