#include "app/user_commands.h"

#include "cohorts/data_dir.h"

#include <termios.h>
#include <unistd.h>

#include <filesystem>
#include <iostream>

#include "auth/account_name.h"
#include "auth/auth_database.h"
#include "auth/builtin_login.h"
#include "auth/password_hash.h"
#include "auth/password_policy.h"
#include "auth/user_store.h"

namespace exchange::app {
namespace {

// One line from standard input, without echo when it is a terminal.
std::string read_password() {
  const bool terminal = isatty(STDIN_FILENO) != 0;
  termios saved{};
  if (terminal) {
    std::cerr << "Password: " << std::flush;
    tcgetattr(STDIN_FILENO, &saved);
    termios quiet = saved;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
  }
  std::string password;
  std::getline(std::cin, password);
  if (terminal) {
    tcsetattr(STDIN_FILENO, TCSANOW, &saved);
    std::cerr << "\n";
  }
  if (!password.empty() && password.back() == '\r') password.pop_back();
  return password;
}

auth::PasswordCost cost_of(const Config& config) {
  if (config.password_cost == "interactive") return auth::PasswordCost::kInteractive;
  if (config.password_cost == "minimum") return auth::PasswordCost::kMinimum;
  if (config.password_cost == "moderate") return auth::PasswordCost::kModerate;
  return auth::PasswordCost::kOwasp;
}

int add_user(const Config& config, auth::UserStore& users, const UserCommands& commands) {
  auth::NameCheck name = auth::check_account_name(commands.name);
  if (!name.error.empty()) {
    std::cerr << name.error << "\n";
    return 1;
  }
  const std::string password = read_password();
  if (std::string problem = auth::check_new_password(password, name.name); !problem.empty()) {
    std::cerr << problem << "\n";
    return 1;
  }
  std::optional<auth::BuiltinUser> user =
      users.add(name.name, auth::hash_password(password, cost_of(config)), commands.admin);
  if (!user) {
    std::cerr << "Name already taken\n";
    return 1;
  }
  std::cout << "added user " << user->name << (user->is_admin ? " (admin)" : "") << "\n";
  return 0;
}

int set_admin(auth::UserStore& users, const UserCommands& commands) {
  const bool admin = commands.admin_value == "true";
  if (!users.set_admin(commands.name, admin)) {
    std::cerr << "No built-in user named " << commands.name << "\n";
    return 1;
  }
  std::cout << commands.name << (admin ? " is now admin" : " is no longer admin")
            << " (from their next login)\n";
  return 0;
}

int list_users(auth::UserStore& users) {
  for (const auth::BuiltinUser& user : users.list()) {
    std::cout << user.name << "\t" << (user.is_admin ? "admin" : "-") << "\t" << user.subject
              << "\n";
  }
  return 0;
}

}  // namespace

void add_user_commands(CLI::App& cli, UserCommands& commands) {
  commands.user = cli.add_subcommand("user", "Manage built-in users (works while no server runs)");
  commands.user->require_subcommand(1);
  commands.user->fallthrough();

  commands.add = commands.user->add_subcommand(
      "add", "Add a built-in user; the password is read from standard input");
  commands.add->add_option("name", commands.name, "Login and account name")->required();
  commands.add->add_flag("--admin", commands.admin, "Make the user an admin");
  commands.add->fallthrough();

  commands.set_admin =
      commands.user->add_subcommand("set-admin", "Grant or take away a built-in user's admin role");
  commands.set_admin->add_option("name", commands.name, "Login name")->required();
  commands.set_admin->add_option("admin", commands.admin_value, "true or false")
      ->required()
      ->check(CLI::IsMember({"true", "false"}));
  commands.set_admin->fallthrough();

  commands.list = commands.user->add_subcommand("list", "List built-in users");
  commands.list->fallthrough();
}

bool user_command_given(const UserCommands& commands) {
  return commands.user != nullptr && commands.user->parsed();
}

int run_user_command(const Config& config, const UserCommands& commands) {
  std::filesystem::create_directories(config.data_dir);
  auth::AuthDatabase db(cohorts::global_database_path(config.data_dir).string());
  auth::UserStore users(db);
  if (commands.add->parsed()) return add_user(config, users, commands);
  if (commands.set_admin->parsed()) return set_admin(users, commands);
  return list_users(users);
}

}  // namespace exchange::app
