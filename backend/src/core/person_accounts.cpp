// A person's account in a cohort (cohorts.md 3.5, 3.6): opened at the first login, or earlier as
// a placeholder for a pre-registered e-mail that the first login then claims; renamed when the
// person changes their display name. Names stay unique by name key throughout.
#include "core/exchange.h"

namespace exchange {

std::optional<std::string> Exchange::first_free_name(const std::string& name,
                                                     AccountId except) const {
  auto taken = [&](const std::string& candidate) {
    auto found = accounts_by_name_.find(name_key(candidate));
    return found != accounts_by_name_.end() && found->second != except;
  };
  if (!taken(name)) return name;
  for (int suffix = 2; suffix <= 999; ++suffix) {
    std::string candidate = name + "-" + std::to_string(suffix);
    if (!taken(candidate)) return candidate;
  }
  return std::nullopt;
}

namespace {

// A user account in the main universe without owners: who it is for is the caller's to say.
Account user_account(AccountId id, std::string name, Money balance) {
  Account created;
  created.id = id;
  created.name = std::move(name);
  created.balance = balance;
  return created;
}

}  // namespace

Result<Account> Exchange::create_user(const std::string& identity, const std::string& name,
                                      Money balance) {
  std::optional<std::string> chosen = first_free_name(name);
  if (!chosen) return Error{Refusal::kNoNumericSuffix};
  Account created = user_account(counters_.next_account++, std::move(*chosen), balance);
  created.identity = identity;
  restore_account(created);
  return created;
}

Result<Account> Exchange::create_placeholder(const std::string& email, const std::string& name,
                                             Money balance) {
  std::optional<std::string> chosen = first_free_name(name);
  if (!chosen) return Error{Refusal::kNoNumericSuffix};
  Account created = user_account(counters_.next_account++, std::move(*chosen), balance);
  created.pending_email = email;
  restore_account(created);
  return created;
}

std::optional<AccountId> Exchange::account_by_pending_email(const std::string& email) const {
  auto found = accounts_by_pending_email_.find(email);
  if (found == accounts_by_pending_email_.end()) return std::nullopt;
  return found->second;
}

void Exchange::claim_account(AccountId id, const std::string& identity) {
  Account* claimed = mutable_account(id);
  if (claimed == nullptr) return;
  if (claimed->pending_email) accounts_by_pending_email_.erase(*claimed->pending_email);
  if (claimed->identity) accounts_by_identity_.erase(*claimed->identity);
  claimed->pending_email.reset();
  claimed->identity = identity;
  accounts_by_identity_[identity] = id;
}

Status Exchange::rename_account(AccountId id, const std::string& name) {
  Account* renamed = mutable_account(id);
  if (renamed == nullptr) return Error{Refusal::kAccountNotFound};
  const std::string key = name_key(name);
  auto holder = accounts_by_name_.find(key);
  if (holder != accounts_by_name_.end() && holder->second != id) {
    return Error{Refusal::kAccountNameTaken};
  }
  accounts_by_name_.erase(name_key(renamed->name));
  accounts_by_name_[key] = id;
  renamed->name = name;
  return Done{};
}

}  // namespace exchange
