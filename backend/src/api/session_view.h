#pragma once
// What the exchange knows about one logged-in connection (protocol.md terms U, A, ADMIN, O,
// admin, sudo). Owned by the sequencer thread.

#include <algorithm>
#include <vector>

#include "core/ids.h"
#include "core/market.h"
#include "core/requests.h"
#include "core/visibility.h"
#include "messaging/session_id.h"

namespace exchange::api {

using messaging::SessionId;

struct SessionView {
  SessionId id = 0;
  AccountId user = 0;    // U
  AccountId acting = 0;  // A
  AccountId admin = 0;   // ADMIN: the account it authenticated as
  bool is_admin = false;
  bool is_member = true;  // false: a guest of the cohort (cohorts.md 3.4)
  bool sudo = false;
  std::vector<AccountId> owned;  // O, ascending

  bool sudo_admin() const { return is_admin && sudo; }
  bool owns(AccountId account) const {
    return std::binary_search(owned.begin(), owned.end(), account);
  }
  // Core's rule (core/visibility.h), also used to filter what this session is sent.
  bool can_see(const Market& market) const {
    return exchange::can_see(market, owned, sudo_admin());
  }
  // Valid while this view's owned set is unchanged.
  Requester requester() const { return Requester{user, acting, admin, sudo_admin(), owned}; }
};

}  // namespace exchange::api
