#pragma once
// Who may see a restricted market (rules.md 7.5, with this exchange's deviations). A market a
// requester may not see behaves, for every operation given its id, exactly as if it did not
// exist: the refusal is the one a missing market gets at that point ("Market not found",
// "Fund not found", "Constituent not found", "Order not found"). So a restricted market's
// bounds, orders and settlement never leak to those outside its list (issue 13, item 3).

#include <algorithm>
#include <span>

#include "core/ids.h"
#include "core/market.h"

namespace exchange {

// `owned` is the requester's owned set O (ascending). Visible: a public market, to a sudo
// admin, or when any account of O is listed. Deviation: also when O holds the market's owner,
// so that a creator who did not list itself can still settle and edit its own market.
inline bool can_see(const Market& market, std::span<const AccountId> owned, bool sudo_admin) {
  auto owns = [&](AccountId id) { return std::binary_search(owned.begin(), owned.end(), id); };
  if (market.is_public() || sudo_admin || owns(market.owner)) return true;
  return std::any_of(market.visible_to.begin(), market.visible_to.end(), owns);
}

}  // namespace exchange
