#pragma once
// Account work that the HTTP API asks of a cohort's exchange (cohorts.md 3.5, 7.3): renaming a
// person's account and opening a placeholder account for a pre-registered e-mail. The command
// travels to the cohort's sequencer like any input; the caller waits on `done`, which the
// sequencer fulfils once the batch holding the command has committed (so a 200 is durable),
// or with kFailed when the commit failed. A command dropped unprocessed (the exchange stopped)
// breaks the promise, which the caller reads as "unavailable".

#include <future>
#include <optional>
#include <string>

namespace exchange::messaging {

struct AccountCommandResult {
  enum class Outcome {
    kDone,        // the plan, rename or placeholder worked; `name` says the name
    kNoAccount,   // the person has no account in this cohort
    kTaken,       // the exact name is another account's (rename)
    kExhausted,   // no free name among <name>, <name>-2 ... <name>-999
    kSkipped,     // placeholder not needed: the e-mail or its person already has an account
    kFailed,      // the commit failed; nothing changed
  };
  Outcome outcome = Outcome::kFailed;
  std::string name;
};

struct AccountCommand {
  enum class Kind {
    // The name the person's account would get: `name` if free, else the first free
    // "<name>-2" ... "<name>-999", the account's own name not counting as taken.
    kPlanRename,
    // Renames the person's account to exactly `name` and announces the full account list.
    kRename,
    // A placeholder account for `email` (lower case), named after `name` with the usual
    // suffixes, funded with `initial_balance`; skipped when an account already carries the
    // e-mail, or when `subject` (the e-mail's person, if known) already has an account.
    kCreatePlaceholder,
  };
  Kind kind = Kind::kPlanRename;
  std::string subject;
  std::string name;
  std::string email;
  std::optional<std::string> initial_balance;  // exact decimal text, validated by the caller
  std::promise<AccountCommandResult> done;
};

}  // namespace exchange::messaging
