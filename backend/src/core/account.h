#pragma once
// An account: cash, exposures and ownership (rules.md sections 5 and 9).

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/exposure.h"
#include "core/fixed_point.h"
#include "core/ids.h"

namespace exchange {

struct OwnerCredit {
  AccountId owner = 0;
  Money credit;
  friend bool operator==(const OwnerCredit&, const OwnerCredit&) = default;
};

// Invariant (kept by Exchange): worst_case_sum == Σ worst_case(e) over `exposures`, each with
// its market's bounds. available balance = balance + worst_case_sum.
struct Account {
  AccountId id = 0;
  std::string name;
  std::optional<std::string> identity;  // login subject; present ⇔ user account
  Money balance;
  std::map<MarketId, Exposure> exposures;  // one row per unsettled market touched
  Money worst_case_sum;
  std::vector<OwnerCredit> owners;  // empty for users; ascending owner id
  UniverseId universe = kMainUniverse;  // fixed at creation (cohorts.md 2.2)
  std::string color;  // "#rrggbb" lower-case, or empty for none (cohorts.md 5.4)

  bool is_user() const { return identity.has_value(); }
  Money available_balance() const { return balance + worst_case_sum; }
};

}  // namespace exchange
