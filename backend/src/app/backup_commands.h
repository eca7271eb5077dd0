#pragma once
// The `backup` and `restore` subcommands (store/data_dir_backup.h does the work):
//   exchange backup --data-dir D --to DIR      while the server runs; DIR must be new
//   exchange restore --from DIR --data-dir D [--force]   with the server stopped
// A backup holds every database (*.db) of D, the built-in login's signing key (so the tokens
// it issued stay valid after a restore) and the uploaded images (auctions show them).

#include <CLI/CLI.hpp>

#include <string>

#include "app/config.h"

namespace exchange::app {

struct BackupCommands {
  CLI::App* backup = nullptr;
  CLI::App* restore = nullptr;
  std::string to;
  std::string from;
  bool force = false;
};

// Declares the subcommands on `cli`; `commands` receives what was parsed.
void add_backup_commands(CLI::App& cli, BackupCommands& commands);
// True when `backup` or `restore` was given.
bool backup_command_given(const BackupCommands& commands);
// Runs the parsed subcommand; returns the process exit code (messages on stdout/stderr).
int run_backup_command(const Config& config, const BackupCommands& commands);

}  // namespace exchange::app
