// The data directory is private to the server's user: it holds password hashes, the token
// signing key and the users' images.

#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "app/exchange_server.h"

namespace exchange::testing {
namespace {

namespace fs = std::filesystem;

fs::perms mode_of(const fs::path& path) {
  return fs::status(path).permissions() & fs::perms::mask;
}

constexpr fs::perms kPrivateDir = fs::perms::owner_all;
constexpr fs::perms kPrivateFile = fs::perms::owner_read | fs::perms::owner_write;

class DataDirPermissionsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/exchange-permissions-XXXXXX";
    root_ = mkdtemp(pattern);
    // What a login shell usually has, so the server has to make its files private itself.
    previous_umask_ = ::umask(022);
  }
  void TearDown() override {
    ::umask(previous_umask_);
    std::error_code ignored;
    fs::remove_all(root_, ignored);
  }

  // Starts and stops a server on `data_dir` (built-in login: it creates the signing key).
  static void run_server(const fs::path& data_dir) {
    app::Config config;
    config.data_dir = data_dir.string();
    config.address = "127.0.0.1";
    config.port = 0;
    config.password_cost = "minimum";
    app::ExchangeServer server(config);
    server.start();
    server.stop();
  }

  fs::path root_;
  mode_t previous_umask_ = 0;
};

TEST_F(DataDirPermissionsTest, AFreshDataDirIsPrivate) {
  const fs::path data_dir = root_ / "data";
  run_server(data_dir);
  EXPECT_EQ(mode_of(data_dir), kPrivateDir);
  EXPECT_EQ(mode_of(data_dir / "uploads"), kPrivateDir);
  ASSERT_TRUE(fs::exists(data_dir / "global.db"));
  ASSERT_TRUE(fs::exists(data_dir / "cohorts" / "main.db"));
  size_t files = 0;
  for (const auto& entry : fs::directory_iterator(data_dir)) {
    if (!entry.is_regular_file()) continue;
    ++files;
    EXPECT_EQ(mode_of(entry.path()), kPrivateFile) << entry.path();
  }
  EXPECT_GE(files, 2u);  // the database and the signing key at least
}

TEST_F(DataDirPermissionsTest, AnOlderReadableDataDirIsMadePrivate) {
  const fs::path data_dir = root_ / "data";
  run_server(data_dir);
  // As an earlier version left it.
  fs::permissions(data_dir, fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                                fs::perms::others_read | fs::perms::others_exec);
  fs::permissions(data_dir / "cohorts", fs::perms::owner_all | fs::perms::group_read |
                                          fs::perms::group_exec | fs::perms::others_read |
                                          fs::perms::others_exec);
  for (const fs::path& dir : {data_dir, data_dir / "cohorts"}) {
    for (const auto& entry : fs::directory_iterator(dir)) {
      if (entry.is_regular_file()) {
        fs::permissions(entry.path(), kPrivateFile | fs::perms::group_read | fs::perms::others_read);
      }
    }
  }
  run_server(data_dir);
  EXPECT_EQ(mode_of(data_dir), kPrivateDir);
  EXPECT_EQ(mode_of(data_dir / "global.db"), kPrivateFile);
  EXPECT_EQ(mode_of(data_dir / "cohorts"), kPrivateDir);
  EXPECT_EQ(mode_of(data_dir / "cohorts" / "main.db"), kPrivateFile);
  EXPECT_EQ(mode_of(data_dir / "auth-signing-key.pem"), kPrivateFile);
  for (const char* name : {"global.db-wal", "global.db-shm", "cohorts/main.db-wal"}) {
    if (fs::exists(data_dir / name)) {
      EXPECT_EQ(mode_of(data_dir / name), kPrivateFile) << name;
    }
  }
}

}  // namespace
}  // namespace exchange::testing
