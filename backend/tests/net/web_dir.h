#pragma once
// A throwaway web app directory for the static-file tests:
//   <root>/secret.txt                 outside the web dir
//   <root>/web/index.html, app.js, hello world.txt, logo.PNG, data.bin
//   <root>/web/_app/immutable/chunk.css
//   <root>/web/docs/index.html
//   <root>/web/leak.txt -> ../secret.txt (a symlink out of the web dir)

#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <string>

namespace exchange::net::testing {

class WebDir {
 public:
  WebDir() {
    static std::atomic<int> counter{0};
    root_ = std::filesystem::temp_directory_path() /
            ("net_tests_" + std::to_string(::getpid()) + "_" + std::to_string(counter++));
    std::filesystem::create_directories(web() / "_app" / "immutable");
    std::filesystem::create_directories(web() / "docs");
    write(root_ / "secret.txt", "secret");
    write(web() / "index.html", "<html>app</html>");
    write(web() / "app.js", "console.log(1);");
    write(web() / "hello world.txt", "hello");
    write(web() / "logo.PNG", "png");
    write(web() / "data.bin", "bin");
    write(web() / "_app" / "immutable" / "chunk.css", "body{}");
    write(web() / "docs" / "index.html", "<html>docs</html>");
    std::filesystem::create_symlink("../secret.txt", web() / "leak.txt");
  }
  ~WebDir() {
    std::error_code ignored;
    std::filesystem::remove_all(root_, ignored);
  }
  WebDir(const WebDir&) = delete;
  WebDir& operator=(const WebDir&) = delete;

  std::filesystem::path web() const { return root_ / "web"; }

 private:
  static void write(const std::filesystem::path& path, const std::string& contents) {
    std::ofstream(path, std::ios::binary) << contents;
  }

  std::filesystem::path root_;
};

}  // namespace exchange::net::testing
