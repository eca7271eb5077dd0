#pragma once
// The `user` subcommands, managing built-in users in --data-dir's database directly (they work
// while no server runs; they apply pending migrations first):
//   exchange user add NAME [--admin]          password read from standard input (one line)
//   exchange user set-admin NAME true|false
//   exchange user list
// A running server sees the change at the user's next login (admin status is decided when a
// token is issued).

#include <CLI/CLI.hpp>

#include <string>

#include "app/config.h"

namespace exchange::app {

struct UserCommands {
  CLI::App* user = nullptr;
  CLI::App* add = nullptr;
  CLI::App* set_admin = nullptr;
  CLI::App* list = nullptr;
  std::string name;
  bool admin = false;
  std::string admin_value;  // "true" | "false"
};

// Declares the subcommands on `cli`; `commands` receives what was parsed.
void add_user_commands(CLI::App& cli, UserCommands& commands);
// True when a user subcommand was given.
bool user_command_given(const UserCommands& commands);
// Runs the parsed subcommand; returns the process exit code (messages on stdout/stderr).
int run_user_command(const Config& config, const UserCommands& commands);

}  // namespace exchange::app
