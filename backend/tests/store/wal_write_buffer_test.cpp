// The VFS that gathers a transaction's WAL writes (store/wal_write_buffer.h): fewer writes
// reach the file, and every commit is in the file when it returns, for another connection and
// for a process killed right after it.

#include "store/wal_write_buffer.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <string>

#include "store/database.h"
#include "temp_database.h"

namespace exchange::store {
namespace {

// Rows of t, read through a plain connection of SQLite's default VFS: what the file holds.
int64_t rows_in_file(const std::string& path) {
  sqlite3* db = nullptr;
  EXPECT_EQ(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
  sqlite3_stmt* count = nullptr;
  EXPECT_EQ(sqlite3_prepare_v2(db, "SELECT COUNT(*) FROM t", -1, &count, nullptr), SQLITE_OK);
  int64_t rows = -1;
  if (sqlite3_step(count) == SQLITE_ROW) rows = sqlite3_column_int64(count, 0);
  sqlite3_finalize(count);
  sqlite3_close(db);
  return rows;
}

void insert_rows(Database& db, int rows, int bytes_each) {
  Statement insert = db.prepare("INSERT INTO t (x) VALUES (randomblob(?))");
  in_transaction(db, [&] {
    for (int i = 0; i < rows; ++i) insert.bind(1, int64_t(bytes_each)).run();
  });
}

TEST(WalWriteBuffer, ATransactionOfManyPagesReachesTheFileInAFewLargeWrites) {
  TempDatabase temp{"wal-buffer-one-write"};
  Database db(temp.path, Database::Access::kReadWrite);
  db.exec("CREATE TABLE t (x BLOB)");
  const WalBufferCounts before = wal_buffer_counts();
  insert_rows(db, 40, 2000);  // about 20 pages (80 KiB), two WAL writes each from SQLite
  const WalBufferCounts after = wal_buffer_counts();
  EXPECT_GE(after.writes_received - before.writes_received, 40u);
  EXPECT_LE(after.writes_issued - before.writes_issued, 2u);  // 64 KiB, then the rest
  EXPECT_EQ(rows_in_file(temp.path), 40);
}

TEST(WalWriteBuffer, EveryCommitIsVisibleToAnotherConnectionAtOnce) {
  TempDatabase temp{"wal-buffer-visible"};
  Database db(temp.path, Database::Access::kReadWrite);
  db.exec("CREATE TABLE t (x BLOB)");
  for (int commit = 1; commit <= 30; ++commit) {
    insert_rows(db, 1 + commit % 7, 100 + commit * 97);
    int64_t expected = 0;
    for (int c = 1; c <= commit; ++c) expected += 1 + c % 7;
    ASSERT_EQ(rows_in_file(temp.path), expected) << "after commit " << commit;
  }
}

TEST(WalWriteBuffer, AnAutocommitStatementIsInTheFileWhenItReturns) {
  TempDatabase temp{"wal-buffer-autocommit"};
  Database db(temp.path, Database::Access::kReadWrite);
  db.exec("CREATE TABLE t (x BLOB)");
  Statement insert = db.prepare("INSERT INTO t (x) VALUES (zeroblob(10))");
  for (int i = 1; i <= 5; ++i) {
    insert.run();
    ASSERT_EQ(rows_in_file(temp.path), i);
  }
}

TEST(WalWriteBuffer, ATransactionLargerThanTheBufferCommitsWhole) {
  TempDatabase temp{"wal-buffer-large"};
  Database db(temp.path, Database::Access::kReadWrite);
  db.exec("CREATE TABLE t (x BLOB)");
  db.exec("PRAGMA cache_size = 50");  // small cache: the transaction spills pages mid-way
  insert_rows(db, 3000, 1500);        // ~4.5 MB, several buffer flushes and re-reads
  EXPECT_EQ(rows_in_file(temp.path), 3000);
  EXPECT_EQ(sqlite3_exec(db.handle(), "PRAGMA integrity_check", nullptr, nullptr, nullptr),
            SQLITE_OK);
}

TEST(WalWriteBuffer, ARolledBackTransactionLeavesNothingAndTheNextCommits) {
  TempDatabase temp{"wal-buffer-rollback"};
  Database db(temp.path, Database::Access::kReadWrite);
  db.exec("CREATE TABLE t (x BLOB)");
  insert_rows(db, 3, 100);
  EXPECT_THROW(in_transaction(db, [&] {
                 db.exec("INSERT INTO t (x) VALUES (randomblob(5000))");
                 throw StoreError("abandon");
               }),
               StoreError);
  insert_rows(db, 2, 100);
  EXPECT_EQ(rows_in_file(temp.path), 5);
}

TEST(WalWriteBuffer, ACommitSurvivesTheProcessBeingKilledRightAfterIt) {
  TempDatabase temp{"wal-buffer-kill"};
  {
    Database db(temp.path, Database::Access::kReadWrite);
    db.exec("CREATE TABLE t (x BLOB)");
  }
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    // No close, no destructor, no flush at exit: what the commit left is all there is.
    auto* db = new Database(temp.path, Database::Access::kReadWrite);
    for (int i = 0; i < 20; ++i) insert_rows(*db, 5, 700);
    raise(SIGKILL);
  }
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFSIGNALED(status));
  EXPECT_EQ(rows_in_file(temp.path), 100);
}

}  // namespace
}  // namespace exchange::store
