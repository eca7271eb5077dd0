// The `exchange user ...` commands, run as the real binary on a data directory.

#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

#include <boost/json/array.hpp>

#include "http_client.h"
#include "login_helpers.h"
#include "test_exchange.h"

namespace exchange::auth::testing {
namespace {

struct CliRun {
  int status = -1;
  std::string output;  // stdout and stderr
};

// Runs the exchange binary with `arguments`, feeding `input` on standard input.
CliRun run_exchange(const std::string& arguments, const std::string& input) {
  const std::string command = "printf '%s\\n' '" + input + "' | " EXCHANGE_BINARY " " + arguments +
                              " --password-cost interactive 2>&1";
  CliRun run;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return run;
  std::array<char, 512> buffer{};
  while (size_t n = fread(buffer.data(), 1, buffer.size(), pipe))
    run.output.append(buffer.data(), n);
  const int status = pclose(pipe);
  run.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return run;
}

bool has_admin_role(const std::string& access_token) {
  const auto claims = claims_of(access_token);
  return claims.contains("roles") && !claims.at("roles").as_array().empty();
}

class UserCliTest : public ::testing::Test {
 protected:
  UserCliTest() {
    char pattern[] = "/tmp/exchange-cli-XXXXXX";
    dir_ = mkdtemp(pattern);
  }
  ~UserCliTest() override { std::filesystem::remove_all(dir_); }
  std::string dir_;
};

TEST_F(UserCliTest, AddSetAdminAndListWithoutAServer) {
  CliRun added = run_exchange("user add teacher --admin --data-dir " + dir_, "a long password");
  EXPECT_EQ(added.status, 0) << added.output;
  EXPECT_NE(added.output.find("added user teacher (admin)"), std::string::npos) << added.output;
  CliRun student = run_exchange("--data-dir " + dir_ + " user add student", "student password");
  EXPECT_EQ(student.status, 0) << student.output;
  EXPECT_EQ(student.output.find("(admin)"), std::string::npos) << student.output;

  CliRun duplicate = run_exchange("user add teacher --data-dir " + dir_, "a long password");
  EXPECT_EQ(duplicate.status, 1);
  EXPECT_NE(duplicate.output.find("Name already taken"), std::string::npos);
  CliRun short_password = run_exchange("user add third --data-dir " + dir_, "short");
  EXPECT_EQ(short_password.status, 1);
  EXPECT_NE(short_password.output.find("at least 8"), std::string::npos);
  // The same rules as registration: common passwords and look-alike names are refused.
  CliRun common = run_exchange("user add third --data-dir " + dir_, "iloveyou");
  EXPECT_EQ(common.status, 1);
  EXPECT_NE(common.output.find("too common"), std::string::npos) << common.output;
  CliRun alike = run_exchange("user add TEACHER --data-dir " + dir_, "a long password");
  EXPECT_EQ(alike.status, 1);
  EXPECT_NE(alike.output.find("Name already taken"), std::string::npos) << alike.output;

  EXPECT_EQ(run_exchange("user set-admin student true --data-dir " + dir_, "").status, 0);
  EXPECT_EQ(run_exchange("user set-admin teacher false --data-dir " + dir_, "").status, 0);
  EXPECT_EQ(run_exchange("user set-admin nobody true --data-dir " + dir_, "").status, 1);
  EXPECT_NE(run_exchange("user set-admin student maybe --data-dir " + dir_, "").status, 0);
  CliRun listed = run_exchange("user list --data-dir " + dir_, "");
  EXPECT_NE(listed.output.find("student\tadmin"), std::string::npos) << listed.output;
  EXPECT_NE(listed.output.find("teacher\t-"), std::string::npos) << listed.output;
}

TEST_F(UserCliTest, UsersAddedWhileTheServerRunsCanLogIn) {
  app::Config config;
  config.registration = "closed";
  config.password_cost = "minimum";
  exchange::testing::TestExchange exchange(config);
  auto setup_required = [&] {
    return http_call(exchange.port(), net::http::verb::get, "/api/config")
               .json()
               .at("setup_required") == true;
  };
  EXPECT_TRUE(setup_required());
  // The first user is not admin by being first.
  CliRun student =
      run_exchange("user add student --data-dir " + exchange.data_dir(), "student password");
  ASSERT_EQ(student.status, 0) << student.output;
  EXPECT_EQ(student.output.find("(admin)"), std::string::npos) << student.output;
  EXPECT_TRUE(setup_required());
  CliRun added =
      run_exchange("user add teacher --admin --data-dir " + exchange.data_dir(), "a long password");
  ASSERT_EQ(added.status, 0) << added.output;
  EXPECT_NE(added.output.find("(admin)"), std::string::npos);
  EXPECT_FALSE(setup_required());  // an admin added this way ends the setup phase too
  EXPECT_EQ(exchange.server().setup_code(), std::nullopt);

  HttpAnswer login =
      post_credentials(exchange.port(), "/api/auth/login", "teacher", "a long password");
  ASSERT_EQ(login.status, 200) << login.body;
  const std::string access(login.json().at("access_token").as_string());
  const std::string id(login.json().at("id_token").as_string());
  EXPECT_TRUE(has_admin_role(access));
  auto client = exchange.connect();
  auto snapshot = ws_login(*client, access, id);
  EXPECT_EQ(balance_of(snapshot), 100'000'000) << refusal_of(snapshot);

  // Taking admin away shows in the next token.
  ASSERT_EQ(
      run_exchange("user set-admin teacher false --data-dir " + exchange.data_dir(), "").status, 0);
  HttpAnswer again =
      post_credentials(exchange.port(), "/api/auth/login", "teacher", "a long password");
  EXPECT_FALSE(has_admin_role(std::string(again.json().at("access_token").as_string())));
}

}  // namespace
}  // namespace exchange::auth::testing
