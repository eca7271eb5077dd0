// Background checkpoints: the writer stops checkpointing at SQLite's default threshold, and
// the checkpointer thread copies the WAL into the database instead.

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include "store/checkpointer.h"
#include "store/database.h"
#include "temp_database.h"

namespace exchange::store {
namespace {

// Frames in the WAL, as reported by a checkpoint on a connection of its own (it reports the
// count first, then copies them).
int wal_frames(const std::string& path) {
  sqlite3* db = nullptr;
  EXPECT_EQ(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr), SQLITE_OK);
  // A connection notices the WAL only once it has read something.
  EXPECT_EQ(sqlite3_exec(db, "SELECT COUNT(*) FROM sqlite_master", nullptr, nullptr, nullptr),
            SQLITE_OK);
  int frames = -1, copied = -1;
  EXPECT_EQ(sqlite3_wal_checkpoint_v2(db, nullptr, SQLITE_CHECKPOINT_PASSIVE, &frames, &copied),
            SQLITE_OK);
  sqlite3_close(db);
  return frames;
}

void write_pages(Database& writer, int commits) {
  writer.exec("CREATE TABLE IF NOT EXISTS t (x BLOB)");
  for (int i = 0; i < commits; ++i) writer.exec("INSERT INTO t VALUES (randomblob(3000))");
}

TEST(Checkpointer, WriterNoLongerCheckpointsAtTheDefaultThreshold) {
  TempDatabase temp{"checkpointer-test"};
  Database writer(temp.path, Database::Access::kReadWrite);
  Checkpointer::hand_over_from(writer);
  Statement pragma = writer.prepare("PRAGMA wal_autocheckpoint");
  ASSERT_TRUE(pragma.step());
  EXPECT_EQ(pragma.int_at(0), Checkpointer::kWriterBackstopPages);
  pragma.reset();

  write_pages(writer, 1500);  // well past SQLite's default of 1000 pages
  EXPECT_GE(wal_frames(temp.path), 1500);
}

TEST(Checkpointer, BackgroundThreadCopiesTheWalIntoTheDatabase) {
  TempDatabase temp{"checkpointer-test"};
  Database writer(temp.path, Database::Access::kReadWrite);
  Checkpointer::hand_over_from(writer);
  write_pages(writer, 300);
  const auto size_before = std::filesystem::file_size(temp.path);

  Checkpointer checkpointer(temp.path, Database::Sync::kNormal, std::chrono::milliseconds(5));
  checkpointer.start();
  for (int i = 0; i < 2000 && checkpointer.complete_checkpoints() == 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  checkpointer.stop();
  ASSERT_GT(checkpointer.complete_checkpoints(), 0u);
  // The rows now live in the database file itself.
  EXPECT_GT(std::filesystem::file_size(temp.path), size_before + 300 * 3000);
  // The writer goes on, and the next commit starts the WAL over instead of growing it.
  write_pages(writer, 1);
  const int frames = wal_frames(temp.path);
  EXPECT_GT(frames, 0);
  EXPECT_LT(frames, 10);
}

TEST(Checkpointer, RestartsAWalThatKeepsGrowingUnderContinuousCommits) {
  TempDatabase temp{"checkpointer-test"};
  Database writer(temp.path, Database::Access::kReadWrite);
  Checkpointer::hand_over_from(writer);
  Checkpointer checkpointer(temp.path, Database::Sync::kNormal, std::chrono::milliseconds(1),
                            /*restart_pages=*/200);
  checkpointer.start();
  int commits = 0;
  for (; commits < 20000 && checkpointer.restarts() == 0; ++commits) write_pages(writer, 1);
  checkpointer.stop();
  ASSERT_GT(checkpointer.restarts(), 0u);
  write_pages(writer, 1);
  EXPECT_LT(wal_frames(temp.path), commits + 1);
  Statement count = writer.prepare("SELECT COUNT(*) FROM t");
  ASSERT_TRUE(count.step());
  EXPECT_EQ(count.int_at(0), commits + 1);  // nothing lost on the way
  count.reset();
}

TEST(Checkpointer, StopsPromptlyAndCanBeStoppedTwice) {
  TempDatabase temp{"checkpointer-test"};
  Database writer(temp.path, Database::Access::kReadWrite);
  Checkpointer checkpointer(temp.path, Database::Sync::kFull, std::chrono::hours(1));
  checkpointer.start();
  checkpointer.stop();  // does not wait out the interval
  checkpointer.stop();
  EXPECT_EQ(checkpointer.complete_checkpoints(), 0u);
}

}  // namespace
}  // namespace exchange::store
