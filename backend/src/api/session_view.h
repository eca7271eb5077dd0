#pragma once
// What the exchange knows about one logged-in connection (protocol.md terms U, A, ADMIN, O,
// admin, sudo). Owned by the sequencer thread.

#include <algorithm>
#include <vector>

#include "core/ids.h"
#include "core/market.h"
#include "core/requests.h"
#include "messaging/session_id.h"

namespace exchange::api {

using messaging::SessionId;

struct SessionView {
  SessionId id = 0;
  AccountId user = 0;    // U
  AccountId acting = 0;  // A
  AccountId admin = 0;   // ADMIN: the account it authenticated as
  bool is_admin = false;
  bool sudo = false;
  std::vector<AccountId> owned;  // O, ascending

  bool sudo_admin() const { return is_admin && sudo; }
  bool owns(AccountId account) const {
    return std::binary_search(owned.begin(), owned.end(), account);
  }
  // rules.md 7.5: public, or listed for one of O; sudo admins see everything. Deviation: the
  // market's owner always sees it, so that a creator who did not list itself can still
  // settle and edit its own market (a hidden market is "not found" for those who cannot see
  // it).
  bool can_see(const Market& market) const {
    if (market.visible_to.empty() || sudo_admin() || owns(market.owner)) return true;
    return std::any_of(market.visible_to.begin(), market.visible_to.end(),
                       [&](AccountId listed) { return owns(listed); });
  }
  Requester requester() const { return Requester{user, acting, admin, sudo_admin()}; }
};

}  // namespace exchange::api
