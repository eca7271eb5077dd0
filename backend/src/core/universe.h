#pragma once
// A universe (cohorts.md 5): a separate trading world inside one cohort. Orders, transfers and
// the snapshot's market list stay inside a universe; accounts, universes themselves and
// auctions are shared by all.

#include <optional>
#include <string>
#include <string_view>

#include "core/ids.h"

namespace exchange {

// Invariant (kept by Exchange): universe 0 "Main" exists, without owner; names are unique
// by the exchange's name key.
struct Universe {
  UniverseId id = kMainUniverse;
  std::string name;
  std::string description;
  AccountId owner = 0;  // the creating user (an account of universe 0); 0 = none (Main)
  friend bool operator==(const Universe&, const Universe&) = default;
};

inline Universe main_universe() {
  return {kMainUniverse, "Main", "The main trading universe", 0};
}

// cohorts.md 5.4 step 5: "" for a blank colour (none); nullopt for one that is not, after
// trimming, "#" and 6 hex digits; otherwise the trimmed colour lower-cased, as it is stored.
std::optional<std::string> normalized_color(std::string_view raw);

}  // namespace exchange
