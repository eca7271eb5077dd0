// MakeTransfer (rules.md section 10): money between users, and between owners and the
// accounts they own, which moves the owner's credit. Also the log of transfers by account.

#include <algorithm>

#include "core/exchange.h"

namespace exchange {
namespace {

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

void Exchange::restore_transfer(Transfer transfer) {
  counters_.next_transfer = std::max(counters_.next_transfer, transfer.id + 1);
  record_transfer(std::move(transfer));
}

void Exchange::record_transfer(Transfer transfer) {
  const size_t index = transfers_.size();
  transfers_by_account_[transfer.from].push_back(index);
  if (transfer.to != transfer.from) transfers_by_account_[transfer.to].push_back(index);
  transfers_.push_back(std::move(transfer));
}

std::vector<const Transfer*> Exchange::transfers_touching(
    const std::vector<AccountId>& accounts) const {
  std::vector<size_t> indexes;
  for (AccountId id : accounts) {
    auto it = transfers_by_account_.find(id);
    if (it != transfers_by_account_.end()) {
      indexes.insert(indexes.end(), it->second.begin(), it->second.end());
    }
  }
  std::sort(indexes.begin(), indexes.end());
  indexes.erase(std::unique(indexes.begin(), indexes.end()), indexes.end());
  std::vector<const Transfer*> result;
  result.reserve(indexes.size());
  for (size_t index : indexes) result.push_back(&transfers_[index]);
  return result;
}

Result<TransferMade> Exchange::make_transfer(const Requester& requester, AccountId from_id,
                                             AccountId to_id, Decimal amount_decimal,
                                             std::string note, Timestamp now) {
  if (from_id == to_id) return Error{Refusal::kPayingYourself};
  const std::optional<Money> amount = amount_decimal.to_fixed<Money>();
  if (!amount || amount_decimal.negative || amount_decimal.is_zero()) {
    return Error{Refusal::kInvalidAmount};
  }
  const Account* initiator = account(requester.user);
  if (initiator == nullptr || !initiator->is_user()) {
    return Error{Refusal::kInitiatorNotUser};
  }
  Account* from = mutable_account(from_id);
  if (from == nullptr) return Error{Refusal::kAccountNotFound};
  if (from->available_balance() < *amount) return Error{Refusal::kInsufficientFunds};
  Account* to = mutable_account(to_id);
  if (to == nullptr) return Error{Refusal::kAccountNotFound};
  if (from->universe != to->universe) return Error{Refusal::kTransferAcrossUniverses};

  // The initiator may move an owner's credit if it is that owner or one of the owner's owners.
  auto may_act_for = [&](AccountId owner) {
    if (requester.user == owner) return true;
    const Account* owner_account = account(owner);
    return owner_account != nullptr &&
           std::any_of(owner_account->owners.begin(), owner_account->owners.end(),
                       [&](const OwnerCredit& c) { return c.owner == requester.user; });
  };
  auto credit_rules = [&](AccountId owner, const Account& owned) -> std::optional<Error> {
    if (!may_act_for(owner)) return Error{Refusal::kAccountNotOwned};
    if (owned.owners.size() > 1 && has_open_position(owned)) {
      return Error{Refusal::kSharedAccountHasPositions};
    }
    return std::nullopt;
  };

  OwnerCredit* changed_credit = nullptr;
  Money credit_change;
  std::optional<AccountId> credited;
  if (OwnerCredit* withdrawal = credit_of(*from, to_id)) {
    if (withdrawal->credit < *amount) return Error{Refusal::kInsufficientCredit};
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
    return Error{Refusal::kAccountNotOwned};
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
