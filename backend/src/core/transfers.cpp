// MakeTransfer (rules.md section 10): money between users, and between owners and the
// accounts they own, which moves the owner's credit.

#include <algorithm>

#include "core/exchange.h"

namespace exchange {
namespace {

constexpr std::string_view kMakeTransfer = "MakeTransfer";

OwnerCredit* credit_of(Account& owned, AccountId owner) {
  for (OwnerCredit& credit : owned.owners) {
    if (credit.owner == owner) return &credit;
  }
  return nullptr;
}

}  // namespace

bool Exchange::has_open_position(const Account& holder) const {
  auto any_position = [](const Account& a) {
    return std::any_of(a.exposures.begin(), a.exposures.end(),
                       [](const auto& row) { return !row.second.position.is_zero(); });
  };
  if (any_position(holder)) return true;
  for (AccountId child : owned_by(holder.id)) {
    if (any_position(*account(child))) return true;
  }
  return false;
}

Result<TransferMade> Exchange::make_transfer(const Requester& requester, AccountId from_id,
                                             AccountId to_id, Decimal amount_decimal,
                                             std::string note, Timestamp now) {
  if (from_id == to_id) return Error{kMakeTransfer, "Cannot pay yourself"};
  const std::optional<Money> amount = amount_decimal.to_fixed<Money>();
  if (!amount || amount_decimal.negative || amount_decimal.is_zero()) {
    return Error{kMakeTransfer, "Invalid amount"};
  }
  const Account* initiator = account(requester.user);
  if (initiator == nullptr || !initiator->is_user()) {
    return Error{kMakeTransfer, "Initiator not user"};
  }
  Account* from = mutable_account(from_id);
  if (from == nullptr) return Error{kMakeTransfer, "Account not found"};
  if (from->available_balance() < *amount) return Error{kMakeTransfer, "Insufficient funds"};
  Account* to = mutable_account(to_id);
  if (to == nullptr) return Error{kMakeTransfer, "Account not found"};

  // The initiator may move an owner's credit if it is that owner or one of the owner's owners.
  auto may_act_for = [&](AccountId owner) {
    if (requester.user == owner) return true;
    const Account* owner_account = account(owner);
    return owner_account != nullptr &&
           std::any_of(owner_account->owners.begin(), owner_account->owners.end(),
                       [&](const OwnerCredit& c) { return c.owner == requester.user; });
  };
  auto credit_rules = [&](AccountId owner, const Account& owned) -> std::optional<Error> {
    if (!may_act_for(owner)) return Error{kMakeTransfer, "Account not owned"};
    if (owned.owners.size() > 1 && has_open_position(owned)) {
      return Error{kMakeTransfer, "Shared ownership account has open positions"};
    }
    return std::nullopt;
  };

  OwnerCredit* changed_credit = nullptr;
  Money credit_change;
  std::optional<AccountId> credited;
  if (OwnerCredit* withdrawal = credit_of(*from, to_id)) {
    if (withdrawal->credit < *amount) return Error{kMakeTransfer, "Insufficient credit"};
    if (auto refused = credit_rules(to_id, *from)) return *refused;
    changed_credit = withdrawal;
    credit_change = -*amount;
    credited = from_id;
  } else if (OwnerCredit* deposit = credit_of(*to, from_id)) {
    if (auto refused = credit_rules(from_id, *to)) return *refused;
    changed_credit = deposit;
    credit_change = *amount;
    credited = to_id;
  } else if (requester.user != from_id || !to->owners.empty()) {
    return Error{kMakeTransfer, "Account not owned"};
  }

  TransferMade made;
  made.transfer = Transfer{counters_.next_transfer++,
                           requester.sudo_admin ? requester.admin : requester.user,
                           from_id,
                           to_id,
                           *amount,
                           std::move(note),
                           next_transaction(now)};
  made.credited_account = credited;
  if (changed_credit != nullptr) changed_credit->credit += credit_change;
  from->balance -= *amount;
  to->balance += *amount;
  record_transfer(made.transfer);
  return made;
}

}  // namespace exchange
