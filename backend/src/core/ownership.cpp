// Alt accounts, shared ownership and owner credits (rules.md 9.4-9.6).

#include <algorithm>

#include "core/exchange.h"

namespace exchange {
namespace {

OwnerCredit* find_owner(Account& account, AccountId owner) {
  for (OwnerCredit& credit : account.owners) {
    if (credit.owner == owner) return &credit;
  }
  return nullptr;
}

// ⌊a / b⌋ for b > 0.
int128 floor_div(int128 a, int128 b) {
  int128 q = a / b;
  if ((a % b != 0) && (a < 0)) --q;
  return q;
}

}  // namespace

std::vector<AccountId> Exchange::owned_by(AccountId owner) const {
  auto it = owned_accounts_.find(owner);
  if (it == owned_accounts_.end()) return {};
  std::vector<AccountId> owned = it->second;
  std::sort(owned.begin(), owned.end());
  return owned;
}

std::vector<AccountId> Exchange::owned_set(AccountId user) const {
  std::vector<AccountId> set{user};
  for (AccountId child : owned_by(user)) {
    set.push_back(child);
    for (AccountId grandchild : owned_by(child)) set.push_back(grandchild);
  }
  std::sort(set.begin(), set.end());
  set.erase(std::unique(set.begin(), set.end()), set.end());
  return set;
}

Status Exchange::share_ownership(const Requester& requester, AccountId account_id,
                                 AccountId new_owner) {
  const Account* sharer = account(requester.user);
  if (sharer == nullptr || !sharer->is_user()) return Error{Refusal::kOwnerNotUser};
  Account* shared = mutable_account(account_id);
  if (shared == nullptr || find_owner(*shared, requester.user) == nullptr) {
    return Error{Refusal::kNotOwner};
  }
  const Account* recipient = account(new_owner);
  if (recipient == nullptr || !recipient->is_user()) return Error{Refusal::kRecipientNotUser};
  if (find_owner(*shared, new_owner) != nullptr) return Error{Refusal::kAlreadyOwner};
  shared->owners.push_back({new_owner, Money{}});
  std::sort(shared->owners.begin(), shared->owners.end(),
            [](const OwnerCredit& a, const OwnerCredit& b) { return a.owner < b.owner; });
  owned_accounts_[new_owner].push_back(account_id);
  return ok_status();
}

Status Exchange::revoke_ownership(AccountId account_id, AccountId owner, Timestamp now) {
  const Account* former = account(owner);
  if (former == nullptr || !former->is_user()) return Error{Refusal::kRecipientNotUser};
  Account* owned = mutable_account(account_id);
  if (owned == nullptr || find_owner(*owned, owner) == nullptr) {
    return Error{Refusal::kAlreadyNotShared};
  }
  // The caller rebalanced the credits first (rebalancing is a read that must be persisted
  // whatever this request's outcome).
  if (!find_owner(*owned, owner)->credit.is_zero()) {
    return Error{Refusal::kOwnerStillHasCredit};
  }
  (void)now;  // the reference consumes a transaction here that nothing references
  std::erase_if(owned->owners, [&](const OwnerCredit& c) { return c.owner == owner; });
  std::erase(owned_accounts_[owner], account_id);
  return ok_status();
}

bool Exchange::rebalance_credits(AccountId account_id) {
  Account* owned = mutable_account(account_id);
  if (owned == nullptr || owned->owners.empty()) return false;
  if (has_open_position(*owned)) return false;  // open orders do not count, positions do
  int128 sum = 0;
  for (const OwnerCredit& credit : owned->owners) sum += credit.credit.units();
  if (sum == 0) return false;
  // What the account is worth: its cash plus the credits it holds in its own alts.
  int128 target = owned->balance.units();
  for (AccountId child : owned_by(account_id)) {
    for (const OwnerCredit& credit : account(child)->owners) {
      if (credit.owner == account_id) target += credit.credit.units();
    }
  }
  if (sum == target) return false;
  // Exact shares credit × target / sum, rounded toward −∞ to the 4 dp of Money; the rounding
  // remainders (which add up to a whole number of units) go to one owner drawn with
  // probability proportional to its remainder.
  const int128 divisor = sum < 0 ? -sum : sum;
  const int128 sign = sum < 0 ? -1 : 1;
  std::vector<int128> shares, remainders;
  int128 shared_out = 0, remainder_total = 0;
  for (const OwnerCredit& credit : owned->owners) {
    int128 numerator;
    if (__builtin_mul_overflow(credit.credit.units(), target * sign, &numerator)) return false;
    const int128 share = floor_div(numerator, divisor);
    shares.push_back(share);
    remainders.push_back(numerator - share * divisor);  // in [0, divisor)
    shared_out += share;
    remainder_total += remainders.back();
  }
  if (remainder_total != 0) {
    shares[draw_weighted(remainders, remainder_total)] += target - shared_out;
  }
  for (size_t i = 0; i < owned->owners.size(); ++i) {
    owned->owners[i].credit = Money::from_units(shares[i]);
  }
  return true;
}

size_t Exchange::draw_weighted(const std::vector<int128>& weights, int128 total) {
  // Draw a point in [0, total) and find whose weight covers it.
  uint128 draw = (uint128(random_()) << 64 | random_()) % uint128(total);
  size_t chosen = 0;
  while (draw >= uint128(weights[chosen])) draw -= uint128(weights[chosen++]);
  return chosen;
}

}  // namespace exchange
