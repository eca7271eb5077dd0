#include "api/account_commands.h"

#include "api/messages.h"
#include "api/snapshot.h"
#include "api/wire.h"
#include "store/record.h"

namespace exchange::api {
namespace {

using Command = messaging::AccountCommand;
using Outcome = messaging::AccountCommandResult::Outcome;
using CommandResult = messaging::AccountCommandResult;

CommandResult plan_rename(const Exchange& exchange, const Command& command) {
  std::optional<AccountId> account = exchange.account_by_identity(command.subject);
  if (!account) return {Outcome::kNoAccount, {}};
  std::optional<std::string> name = exchange.first_free_name(command.name, *account);
  if (!name) return {Outcome::kExhausted, {}};
  return {Outcome::kDone, std::move(*name)};
}

CommandResult rename(BatchContext& ctx, const Command& command) {
  std::optional<AccountId> account = ctx.exchange.account_by_identity(command.subject);
  if (!account) return {Outcome::kNoAccount, {}};
  if (!ctx.exchange.rename_account(*account, command.name).ok()) return {Outcome::kTaken, {}};
  store::record_relabelled_account(*account, ctx.writes);
  // The whole list, not only the renamed entry: the bot SDK replaces its list with whatever
  // Accounts says (cohorts.md 10.6).
  ctx.publisher.to_everyone(all_accounts_message(ctx.exchange));
  return {Outcome::kDone, command.name};
}

CommandResult create_placeholder(BatchContext& ctx, const Command& command) {
  Exchange& exchange = ctx.exchange;
  // Lower-cased e-mails everywhere, and no second account for someone who already has one
  // (cohorts.md 10.10).
  if (exchange.account_by_pending_email(command.email) ||
      (!command.subject.empty() && exchange.account_by_identity(command.subject))) {
    return {Outcome::kSkipped, {}};
  }
  Money balance;
  if (command.initial_balance) {
    balance = parse_fixed<Money>(*command.initial_balance).value_or(Money{});
  }
  Result<Account> created = exchange.create_placeholder(command.email, command.name, balance);
  if (!created.ok()) return {Outcome::kExhausted, {}};
  store::record_new_account(created->id, ctx.writes);
  ServerMessage announced;
  *announced.mutable_account_created() = to_wire(*created);
  ctx.publisher.to_everyone(announced);
  return {Outcome::kDone, created->name};
}

}  // namespace

CommandResult run_account_command(BatchContext& ctx, const Command& command) {
  switch (command.kind) {
    case Command::Kind::kPlanRename:
      return plan_rename(ctx.exchange, command);
    case Command::Kind::kRename:
      return rename(ctx, command);
    case Command::Kind::kCreatePlaceholder:
      return create_placeholder(ctx, command);
  }
  return {Outcome::kFailed, {}};
}

}  // namespace exchange::api
