// RedistributeOwnerCredit (additions.md 3): one owner's whole credit in a shared account
// goes to the other owners, e.g. before a helper is removed from a team's account.

#include <algorithm>

#include "core/exchange.h"

namespace exchange {
namespace {

// ⌊a / b⌋ for b > 0.
int128 floor_div(int128 a, int128 b) {
  int128 q = a / b;
  if ((a % b != 0) && (a < 0)) --q;
  return q;
}

}  // namespace

Status Exchange::redistribute_owner_credit(AccountId account_id, AccountId from_owner) {
  Account* owned = mutable_account(account_id);
  if (owned == nullptr || owned->owners.empty()) return Error{Refusal::kAccountNotFound};
  auto giver = std::find_if(owned->owners.begin(), owned->owners.end(),
                            [&](const OwnerCredit& c) { return c.owner == from_owner; });
  if (giver == owned->owners.end()) return Error{Refusal::kNotOwner};
  // The credit as stored: no rebalancing first, and open positions do not matter.
  const int128 given = giver->credit.units();
  std::vector<OwnerCredit*> others;
  int128 others_sum = 0;
  for (OwnerCredit& credit : owned->owners) {
    if (credit.owner == from_owner) continue;
    others.push_back(&credit);
    others_sum += credit.credit.units();
  }
  if (given == 0 || others.empty()) return ok_status();  // a sole owner keeps its credit

  // Exact shares given × kᵢ / K (or given / n when K = 0), rounded toward −∞ to 4 dp; the
  // remainders, which add up to a whole number of units, go to one owner drawn with
  // probability proportional to its own remainder. The total is conserved exactly.
  const bool even_split = others_sum == 0;
  const int128 divisor = even_split ? int128(others.size())
                                    : (others_sum < 0 ? -others_sum : others_sum);
  const int128 sign = others_sum < 0 ? -1 : 1;
  std::vector<int128> shares, remainders;
  int128 shared_out = 0, remainder_total = 0;
  for (const OwnerCredit* credit : others) {
    int128 numerator = given;
    if (!even_split &&
        __builtin_mul_overflow(given, credit->credit.units() * sign, &numerator)) {
      // Beyond every cap a credit can reach through valid transfers; refused, changing nothing.
      return Error{Refusal::kInvalidAmount};
    }
    const int128 share = floor_div(numerator, divisor);
    shares.push_back(share);
    remainders.push_back(numerator - share * divisor);  // in [0, divisor)
    shared_out += share;
    remainder_total += remainders.back();
  }
  if (remainder_total != 0) shares[draw_weighted(remainders, remainder_total)] += given - shared_out;
  for (size_t i = 0; i < others.size(); ++i) {
    others[i]->credit = Money::from_units(others[i]->credit.units() + shares[i]);
  }
  giver->credit = Money{};
  return ok_status();
}

}  // namespace exchange
