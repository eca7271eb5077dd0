#include "cohorts/directory.h"

#include <chrono>
#include <charconv>

#include "cohorts/directory_rows.h"
#include "store/migrations.h"

namespace exchange::cohorts {

int64_t unix_seconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::optional<std::string> optional_text(const store::Statement& row, int column) {
  if (row.is_null(column)) return std::nullopt;
  return std::string(row.text_at(column));
}

namespace {

constexpr std::string_view kCohortColumns =
    "id, name, display_name, db_path, is_read_only, auctions_enabled";

CohortRecord cohort_from(const store::Statement& row) {
  return CohortRecord{row.int_at(0), std::string(row.text_at(1)), std::string(row.text_at(2)),
                      std::string(row.text_at(3)), row.int_at(4) != 0, row.int_at(5) != 0};
}

std::string select_cohorts(std::string_view where) {
  return "SELECT " + std::string(kCohortColumns) + " FROM cohort " + std::string(where);
}

}  // namespace

Directory::Directory(const std::string& path)
    : db_(path, store::Database::Access::kReadWrite) {
  store::migrate(db_, store::embedded_global_migrations());
}

std::string normalise_email(std::string_view email) {
  const size_t first = email.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return "";
  const size_t last = email.find_last_not_of(" \t\r\n");
  std::string result(email.substr(first, last - first + 1));
  for (char& c : result) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return result;
}

std::vector<CohortRecord> Directory::cohorts() {
  std::lock_guard lock(mutex_);
  store::Statement rows = db_.prepare(select_cohorts("ORDER BY id DESC"));
  std::vector<CohortRecord> result;
  while (rows.step()) result.push_back(cohort_from(rows));
  return result;
}

std::optional<CohortRecord> Directory::cohort(std::string_view name) {
  std::lock_guard lock(mutex_);
  store::Statement row = db_.prepare(select_cohorts("WHERE name = ?"));
  row.bind(1, name);
  if (!row.step()) return std::nullopt;
  CohortRecord found = cohort_from(row);
  row.reset();
  return found;
}

std::optional<CohortRecord> Directory::cohort(int64_t id) {
  std::lock_guard lock(mutex_);
  store::Statement row = db_.prepare(select_cohorts("WHERE id = ?"));
  row.bind(1, id);
  if (!row.step()) return std::nullopt;
  CohortRecord found = cohort_from(row);
  row.reset();
  return found;
}

std::optional<CohortRecord> Directory::add_cohort(const std::string& name,
                                                  const std::string& display_name,
                                                  const std::string& db_path) {
  std::lock_guard lock(mutex_);
  store::Statement insert = db_.prepare(
      "INSERT OR IGNORE INTO cohort (name, display_name, db_path, created_at) "
      "VALUES (?, ?, ?, ?) RETURNING id");
  insert.bind(1, name).bind(2, display_name).bind(3, db_path).bind(4, unix_seconds());
  if (!insert.step()) return std::nullopt;
  CohortRecord added{insert.int_at(0), name, display_name, db_path, false, false};
  insert.reset();
  return added;
}

void Directory::remove_cohort(int64_t id) {
  std::lock_guard lock(mutex_);
  db_.prepare("DELETE FROM cohort WHERE id = ?").bind(1, id).run();
}

bool Directory::update_cohort(std::string_view name, const std::optional<std::string>& display_name,
                              std::optional<bool> is_read_only,
                              std::optional<bool> auctions_enabled) {
  std::lock_guard lock(mutex_);
  store::Statement update = db_.prepare(
      "UPDATE cohort SET display_name = coalesce(?, display_name),"
      " is_read_only = coalesce(?, is_read_only),"
      " auctions_enabled = coalesce(?, auctions_enabled) WHERE name = ? RETURNING id");
  update.bind(1, display_name);
  if (is_read_only) update.bind(2, int64_t{*is_read_only}); else update.bind_null(2);
  if (auctions_enabled) update.bind(3, int64_t{*auctions_enabled}); else update.bind_null(3);
  update.bind(4, name);
  const bool found = update.step();
  if (found) update.reset();
  return found;
}

std::optional<std::string> Directory::config(std::string_view key) {
  std::lock_guard lock(mutex_);
  store::Statement row = db_.prepare("SELECT value FROM global_config WHERE key = ?");
  row.bind(1, key);
  if (!row.step()) return std::nullopt;
  std::string value(row.text_at(0));
  row.reset();
  return value;
}

void Directory::set_config(std::string_view key, std::string_view value) {
  std::lock_guard lock(mutex_);
  db_.prepare("INSERT INTO global_config (key, value) VALUES (?, ?)"
              " ON CONFLICT(key) DO UPDATE SET value = excluded.value")
      .bind(1, key)
      .bind(2, value)
      .run();
}

std::optional<int64_t> Directory::default_cohort_id() {
  const std::optional<std::string> text = config("default_cohort_id");
  if (!text || text->empty()) return std::nullopt;
  int64_t id = 0;
  const auto [end, error] = std::from_chars(text->data(), text->data() + text->size(), id);
  if (error != std::errc{} || end != text->data() + text->size()) return std::nullopt;
  return id;
}

void Directory::set_default_cohort_id(std::optional<int64_t> id) {
  set_config("default_cohort_id", id ? std::to_string(*id) : "");
}

}  // namespace exchange::cohorts
