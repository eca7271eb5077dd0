#pragma once
// A market's definition and lifecycle state (rules.md section 7), categories and groups.

#include <optional>
#include <string>
#include <vector>

#include "core/fixed_point.h"
#include "core/ids.h"
#include "core/option.h"

namespace exchange {

enum class MarketStatus : uint8_t { kOpen = 0, kSemiPaused = 1, kPaused = 2 };

// A fund market redeems one unit for `multiplier` units of each constituent (rules.md 7.2).
struct Constituent {
  MarketId market = 0;
  int64_t multiplier = 0;  // non-zero, may be negative
  friend bool operator==(const Constituent&, const Constituent&) = default;
};

// One entry of a market's status log (additions.md 5.2): the status a market took and the
// transaction that set it. Written at creation (open) and by each edit that changes the status.
struct MarketStatusChange {
  MarketStatus status = MarketStatus::kOpen;
  Transaction transaction;
  friend bool operator==(const MarketStatusChange&, const MarketStatusChange&) = default;
};

struct Settlement {
  Price price;
  Transaction transaction;
  friend bool operator==(const Settlement&, const Settlement&) = default;
};

// Invariant: min_settlement < max_settlement; every resting order's price lies within them.
struct Market {
  MarketId id = 0;
  std::string name;
  std::string description;
  AccountId owner = 0;
  Price min_settlement;
  Price max_settlement;
  Money redeem_fee;                       // 0 unless a fund
  std::vector<Constituent> constituents;  // non-empty ⇔ fund
  std::vector<AccountId> visible_to;      // empty = public
  bool hide_account_ids = false;
  bool pinned = false;
  MarketStatus status = MarketStatus::kOpen;
  MarketTypeId type_id = 1;
  MarketGroupId group_id = 0;  // 0 = none
  UniverseId universe = kMainUniverse;  // its creator's acting account's; fixed at creation
  Transaction created;
  std::optional<Settlement> settlement;
  std::optional<OptionTerms> option;  // present ⇔ option market (options.md)

  bool is_fund() const { return !constituents.empty(); }
  bool is_option() const { return option.has_value(); }
  bool is_settled() const { return settlement.has_value(); }
  bool is_public() const { return visible_to.empty(); }
  friend bool operator==(const Market&, const Market&) = default;
};

// "Category" in error strings.
struct MarketType {
  MarketTypeId id = 0;
  std::string name;
  std::string description;
  bool is_public = false;
  friend bool operator==(const MarketType&, const MarketType&) = default;
};

struct MarketGroup {
  MarketGroupId id = 0;
  std::string name;
  std::string description;
  MarketTypeId type_id = 0;
  friend bool operator==(const MarketGroup&, const MarketGroup&) = default;
};

}  // namespace exchange
