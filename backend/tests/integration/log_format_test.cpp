// --log-format json (issue 20): every line the server writes is one JSON object with the time,
// the level and the message, and admin actions, settlements and disconnects (with their
// reason) are among the logged events.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <cstdio>
#include <filesystem>

#include "app/json_log.h"
#include "http_request.h"
#include "test_exchange.h"
#include "ws_client.h"

namespace exchange::testing {
namespace {

namespace json = boost::json;
namespace http = boost::beast::http;

TEST(JsonLog, OneObjectWithTheMessageEscaped) {
  const std::string line = app::json_log_line(
      std::chrono::system_clock::time_point(std::chrono::milliseconds(1'764'936'000'123)), "warn",
      "name \"x\"\nforged\",\"level\":\"critical");
  EXPECT_EQ(line.find('\n'), std::string::npos);
  const json::object parsed = json::parse(line).as_object();
  EXPECT_EQ(parsed.size(), 3u);
  EXPECT_EQ(parsed.at("time").as_string(), "2025-12-05T12:00:00.123Z");
  EXPECT_EQ(parsed.at("level").as_string(), "warn");
  EXPECT_EQ(parsed.at("message").as_string(), "name \"x\"\nforged\",\"level\":\"critical");
}

// The real binary, its standard output and error read line by line through a pipe.
class ServerProcess {
 public:
  explicit ServerProcess(const std::filesystem::path& data_dir) {
    int fds[2];
    if (pipe(fds) != 0) throw std::runtime_error("pipe");
    pid_ = fork();
    if (pid_ == 0) {
      dup2(fds[1], STDOUT_FILENO);
      dup2(fds[1], STDERR_FILENO);
      close(fds[0]);
      close(fds[1]);
      execl(EXCHANGE_BINARY, EXCHANGE_BINARY, "--port", "0", "--address", "127.0.0.1",
            "--data-dir", data_dir.c_str(), "--insecure-test-auth", "--log-format", "json",
            static_cast<char*>(nullptr));
      _exit(127);
    }
    close(fds[1]);
    output_ = fdopen(fds[0], "r");
  }
  ~ServerProcess() {
    if (pid_ > 0) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
    if (output_ != nullptr) fclose(output_);
  }
  // The next line, without its newline; nullopt at the end of the output.
  std::optional<std::string> line() {
    std::string text;
    for (int c = fgetc(output_); c != EOF; c = fgetc(output_)) {
      if (c == '\n') return text;
      text.push_back(static_cast<char>(c));
    }
    if (text.empty()) return std::nullopt;
    return text;
  }
  void stop() {
    kill(pid_, SIGTERM);
    waitpid(pid_, nullptr, 0);
    pid_ = 0;
  }

 private:
  pid_t pid_ = 0;
  FILE* output_ = nullptr;
};

TEST(JsonLog, TheServerWritesOnlyJsonLinesAndLogsAdminActions) {
  const std::filesystem::path data_dir =
      std::filesystem::temp_directory_path() / ("json-log-" + std::to_string(getpid()));
  std::filesystem::remove_all(data_dir);
  std::vector<std::string> lines;
  {
    ServerProcess server(data_dir);
    uint16_t port = 0;
    while (port == 0) {
      std::optional<std::string> line = server.line();
      ASSERT_TRUE(line) << "the server stopped before listening";
      lines.push_back(*line);
      const size_t at = line->find("http://127.0.0.1:");
      if (line->find("exchange listening on") != std::string::npos && at != std::string::npos) {
        port = static_cast<uint16_t>(std::stoi(line->substr(at + 17)));
      }
    }
    const std::string admin = "test::teacher::Teacher::true";
    ASSERT_EQ(http_call(port, http::verb::get, "/api/cohorts", admin).result_int(), 200);
    ASSERT_EQ(http_call(port, http::verb::post, "/api/admin/cohorts", admin,
                        R"({"name":"autumn","display_name":"Autumn"})").result_int(), 200);
    {
      WsClient client(port);
      client.login(admin);
      ASSERT_TRUE(client.request(set_sudo(true)).has_sudo_status());
      const ServerMessage market = client.request(create_market("Rain", 0, 100));
      ASSERT_TRUE(market.has_market()) << market.DebugString();
      ASSERT_TRUE(client.request(settle_market(market.market().id(), 37)).has_market_settled());
    }  // the test client drops the TCP connection without a close frame
    // The disconnect is logged once the server's read fails: wait for that line (ctest's
    // timeout bounds the wait).
    while (true) {
      std::optional<std::string> line = server.line();
      ASSERT_TRUE(line) << "the server stopped before logging the disconnect";
      lines.push_back(*line);
      if (line->find(" closed: ") != std::string::npos) break;
    }
    server.stop();
    while (std::optional<std::string> line = server.line()) lines.push_back(*line);
  }
  std::filesystem::remove_all(data_dir);

  bool created = false, stopped = false, settled = false, closed = false;
  for (const std::string& line : lines) {
    json::value parsed;
    ASSERT_NO_THROW(parsed = json::parse(line)) << line;
    ASSERT_TRUE(parsed.is_object()) << line;
    const json::object& record = parsed.as_object();
    EXPECT_TRUE(record.contains("time") && record.contains("level") && record.contains("message"))
        << line;
    const std::string message(record.at("message").as_string());
    created = created || message.find("created cohort autumn") != std::string::npos;
    stopped = stopped || message == "stopped";
    settled = settled || (message.find("market ") != std::string::npos &&
                          message.find(" settled at 37 by account ") != std::string::npos);
    // "session 3 from 127.0.0.1:5000 in cohort 1 closed: <reason>", with a reason.
    const size_t at = message.find(" closed: ");
    closed = closed || (message.starts_with("session ") && at != std::string::npos &&
                        message.find(" in cohort ") < at && message.size() > at + 9);
  }
  EXPECT_TRUE(created);
  EXPECT_TRUE(stopped);
  EXPECT_TRUE(settled);
  EXPECT_TRUE(closed);
}

}  // namespace
}  // namespace exchange::testing
