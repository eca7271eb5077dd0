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
  std::optional<std::string> identity;  // login subject; present for a user who logged in
  Money balance;
  std::map<MarketId, Exposure> exposures;  // one row per unsettled market touched
  Money worst_case_sum;
  std::vector<OwnerCredit> owners;  // empty for users; ascending owner id
  UniverseId universe = kMainUniverse;  // fixed at creation (cohorts.md 2.2)
  std::string color;  // "#rrggbb" lower-case, or empty for none (cohorts.md 5.4)
  // A user account opened for a pre-registered e-mail (lower case) before its person's first
  // login, which claims it (cohorts.md 3.5); never present together with `identity`.
  std::optional<std::string> pending_email;
  // Every market the account bought or sold in, and every fund it redeemed or created units
  // of (additions.md 6.2), ascending. Kept here so that a portfolio carries it without a
  // history scan: one id per market ever traded, 8 bytes each.
  std::vector<MarketId> traded_markets;

  bool is_user() const { return identity.has_value() || pending_email.has_value(); }
  Money available_balance() const { return balance + worst_case_sum; }
};

}  // namespace exchange
