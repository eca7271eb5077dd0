#include "app/backup_commands.h"

#include <sys/stat.h>

#include <iostream>

#include "auth/signing_key.h"
#include "store/data_dir_backup.h"

namespace exchange::app {
namespace {

// What besides the databases a restored class needs: the signing key (without it the server
// makes a new one and every issued login and bot token stops verifying) and the images that
// auctions link to. Paths relative to the data directory.
std::vector<std::filesystem::path> extras() { return {auth::kSigningKeyFile, "uploads"}; }

void print(const char* verb, const std::filesystem::path& dir,
           const store::BackupContents& contents) {
  std::cout << verb << " " << dir.string() << ":";
  for (const auto& database : contents.databases) std::cout << " " << database.string();
  for (const auto& extra : contents.extras) std::cout << " " << extra.string();
  std::cout << "\n";
}

}  // namespace

void add_backup_commands(CLI::App& cli, BackupCommands& commands) {
  commands.backup = cli.add_subcommand(
      "backup",
      "Copy --data-dir's databases (a consistent snapshot, taken while the server runs), the "
      "login signing key and uploads into a new directory");
  commands.backup->add_option("--to", commands.to, "New directory for the backup (must not exist)")
      ->required();
  commands.backup->fallthrough();

  commands.restore = cli.add_subcommand(
      "restore",
      "Put a backup in place in --data-dir, for a STOPPED server. Refuses when a database there "
      "is open in a running process, and, without --force, when --data-dir already holds a "
      "database, key or uploads the backup would replace");
  commands.restore->add_option("--from", commands.from, "Backup directory made by 'backup'")
      ->required()
      ->check(CLI::ExistingDirectory);
  commands.restore->add_flag("--force", commands.force,
                             "Replace what --data-dir holds (stop the server first; what changed "
                             "since the backup is lost)");
  commands.restore->fallthrough();
}

bool backup_command_given(const BackupCommands& commands) {
  return (commands.backup != nullptr && commands.backup->parsed()) ||
         (commands.restore != nullptr && commands.restore->parsed());
}

int run_backup_command(const Config& config, const BackupCommands& commands) {
  // The copies hold password hashes and the signing key: private, like the data directory.
  ::umask(077);
  if (commands.backup->parsed()) {
    const store::BackupContents contents =
        store::backup_data_dir(config.data_dir, commands.to, extras());
    print("backed up into", commands.to, contents);
    return 0;
  }
  store::RestoreOptions options;
  options.extras = extras();
  options.force = commands.force;
  try {
    const store::BackupContents contents =
        store::restore_data_dir(commands.from, config.data_dir, options);
    print("restored into", config.data_dir, contents);
    for (const auto& database : contents.not_in_backup) {
      std::cerr << "warning: " << database.string()
                << " is not in the backup (made after it?) and was left as it is\n";
    }
  } catch (const store::RestoreRefused& refused) {
    std::cerr << "restore refused: " << refused.what() << "\n";
    return 2;
  }
  return 0;
}

}  // namespace exchange::app
