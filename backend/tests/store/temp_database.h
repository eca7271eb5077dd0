#pragma once
// A fresh, empty directory for one test's database file, removed again afterwards.

#include <unistd.h>

#include <filesystem>
#include <string>

namespace exchange::store {

struct TempDatabase {
  explicit TempDatabase(const std::string& name)
      : dir(std::filesystem::temp_directory_path() / (name + "-" + std::to_string(::getpid()))),
        path((dir / "test.db").string()) {
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
  }
  ~TempDatabase() { std::filesystem::remove_all(dir); }
  TempDatabase(const TempDatabase&) = delete;
  TempDatabase& operator=(const TempDatabase&) = delete;

  std::filesystem::path dir;
  std::string path;
};

}  // namespace exchange::store
