#pragma once
// A thin RAII layer over one SQLite connection. Failures throw StoreError: the store is I/O,
// and the sequencer catches at the batch boundary (a failed commit rolls the batch back).

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

struct sqlite3;
struct sqlite3_stmt;

namespace exchange::store {

class StoreError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A prepared statement. Bind indexes start at 1, column indexes at 0.
class Statement {
 public:
  Statement(sqlite3* db, std::string_view sql);
  ~Statement();
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&& other) noexcept;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  Statement& bind(int index, int64_t value);
  Statement& bind(int index, std::string_view text);
  Statement& bind(int index, const std::string& text) { return bind(index, std::string_view(text)); }
  Statement& bind(int index, const char* text) { return bind(index, std::string_view(text)); }
  Statement& bind_null(int index);
  Statement& bind(int index, const std::optional<std::string>& text);

  // Advances to the next row; false when there are no more (the statement is then reset).
  bool step();
  // Runs to completion and resets, for statements that return no rows.
  void run();
  void reset();

  int64_t int_at(int column) const;
  std::string_view text_at(int column) const;
  bool is_null(int column) const;

 private:
  sqlite3* db_ = nullptr;
  sqlite3_stmt* statement_ = nullptr;
};

class Database {
 public:
  enum class Access { kReadWrite, kReadOnly };
  enum class Sync { kNormal, kFull };  // PRAGMA synchronous in WAL mode

  // Opens (creating when read-write) the database file, in WAL mode with foreign keys on.
  Database(const std::string& path, Access access, Sync sync = Sync::kNormal);
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  void exec(std::string_view sql);
  Statement prepare(std::string_view sql) { return Statement(db_, sql); }
  sqlite3* handle() { return db_; }

 private:
  sqlite3* db_ = nullptr;
};

// Runs `body` inside BEGIN IMMEDIATE … COMMIT; rolls back and rethrows on any exception.
template <class Body>
void in_transaction(Database& db, Body&& body) {
  db.exec("BEGIN IMMEDIATE");
  try {
    body();
    db.exec("COMMIT");
  } catch (...) {
    try {
      db.exec("ROLLBACK");
    } catch (...) {
    }
    throw;
  }
}

}  // namespace exchange::store
